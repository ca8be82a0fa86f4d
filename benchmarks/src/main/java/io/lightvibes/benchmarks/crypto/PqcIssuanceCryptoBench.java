package io.lightvibes.benchmarks.crypto;

import io.lightvibes.service.pqc.MlKemKeySource;
import io.lightvibes.service.pqc.MlKemProvider;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.sealing.Sealer;
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
 * The crypto a PQC issuance cannot avoid: one ML-KEM-768 exchange for the key (default provider)
 * and one HPKE seal of it to the recipient. Its throughput on one thread is the ceiling an HTTP
 * issuance on one core is compared with (issue 7: at least 0.7× of it, measured in the same run).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PqcIssuanceCryptoBench -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PqcIssuanceCryptoBench {

    private static final byte[] SESSION = "00000000-0000-4000-8000-000000000000".getBytes(StandardCharsets.US_ASCII);
    private static final String KEY_REF = "kr_0123456789abcdef0123456789abcdef";

    /** The recipient key's suite; the demo key of {@code make run} is x25519. */
    @Param({"x25519", "mlkem768-x25519"})
    public String suite;

    private MlKemKeySource source;
    private Sealer sealer;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        source = MlKemKeySource.using(MlKemProvider.DEFAULT, random);
        RecipientPrivateKey recipient = RecipientPrivateKey.generate(SealSuite.fromWireName(suite).orElseThrow(), random);
        sealer = new HpkeSealer(recipient.publicKey(), random);
    }

    /** One issuance's crypto: derive a 256-bit key, seal it, zero it. */
    @Benchmark
    public byte[] deriveAndSeal(CpuTime cpu) {
        long started = cpu.start();
        try (SecretBytes key = source.deriveKey(256, SESSION)) {
            return sealer.seal(key, KEY_REF);
        } finally {
            cpu.stop(started);
        }
    }
}
