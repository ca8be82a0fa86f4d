package io.lightvibes.benchmarks.crypto;

import io.lightvibes.service.pqc.MlKem768;
import io.lightvibes.service.pqc.MlKemKeySource;
import io.lightvibes.service.pqc.MlKemProvider;
import io.lightvibes.service.secrets.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Which ML-KEM-768 is faster, Bouncy Castle's or the JDK's? {@link #exchange} is what the PQC key
 * source does per key (fresh key pair, encapsulation, decapsulation, HKDF-SHA256 on both ends, the
 * constant-time check); the three FIPS 203 steps alone show where the time goes.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MlKemExchangeBench -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MlKemExchangeBench {

    private static final byte[] SESSION = "00000000-0000-4000-8000-000000000000".getBytes(StandardCharsets.US_ASCII);

    @Param({"BOUNCY_CASTLE", "JDK"})
    public MlKemProvider provider;

    private MlKemKeySource source;
    private MlKem768 kem;
    private MlKem768.KeyPair keyPair;
    private byte[] encapsulationKey;
    private byte[] ciphertext;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        source = MlKemKeySource.using(provider, random);
        kem = MlKem768.of(provider, random);
        keyPair = kem.generateKeyPair();
        encapsulationKey = keyPair.encapsulationKey();
        ciphertext = kem.encapsulate(encapsulationKey).ciphertext();
    }

    /** One PQC key of 256 bits: the whole exchange between the two ends. */
    @Benchmark
    public SecretBytes exchange(CpuTime cpu) {
        long started = cpu.start();
        try {
            return source.deriveKey(256, SESSION);
        } finally {
            cpu.stop(started);
        }
    }

    /** ML-KEM.KeyGen (FIPS 203 §7.1), the responder's fresh key pair per key. */
    @Benchmark
    public MlKem768.KeyPair keyGeneration() {
        return kem.generateKeyPair();
    }

    /** ML-KEM.Encaps (§7.2) from the encapsulation key's bytes, with its input checks. */
    @Benchmark
    public MlKem768.Encapsulation encapsulation() {
        return kem.encapsulate(encapsulationKey);
    }

    /** ML-KEM.Decaps (§7.3), including the re-encryption check. */
    @Benchmark
    public SecretBytes decapsulation() {
        return keyPair.decapsulate(ciphertext);
    }
}
