package io.lightvibes.benchmarks.crypto;

import io.lightvibes.service.sealing.HpkeOpener;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.sealing.Sealer;
import io.lightvibes.service.secrets.SecretBytes;
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
 * What does sealing one 256-bit key cost per suite (RFC 9180 SealBase through Bouncy Castle), and
 * opening it on the recipient's side?
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar HpkeSealBench -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HpkeSealBench {

    private static final String KEY_REF = "kr_0123456789abcdef0123456789abcdef";

    @Param({"x25519", "mlkem768-x25519"})
    public String suite;

    private RecipientPrivateKey recipient;
    private Sealer sealer;
    private SecretBytes key;
    private byte[] sealed;

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        recipient = RecipientPrivateKey.generate(SealSuite.fromWireName(suite).orElseThrow(), random);
        sealer = new HpkeSealer(recipient.publicKey(), random);
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        key = SecretBytes.adopt(bytes);
        sealed = sealer.seal(key, KEY_REF);
    }

    /** SealBase of a 32-byte key: one encapsulation, the key schedule, AES-256-GCM. */
    @Benchmark
    public byte[] seal(CpuTime cpu) {
        long started = cpu.start();
        try {
            return sealer.seal(key, KEY_REF);
        } finally {
            cpu.stop(started);
        }
    }

    /** OpenBase on the recipient's side (not on the service's path; for scale). */
    @Benchmark
    public SecretBytes open() {
        return HpkeOpener.open(recipient, sealed, KEY_REF);
    }
}
