package io.lightvibes.benchmarks.service;

import io.lightvibes.service.keys.EvidenceEvents;
import io.lightvibes.service.keys.Fallback;
import io.lightvibes.service.keys.IssuedSession;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.keys.ModeController;
import io.lightvibes.service.keys.SessionEvidence;
import io.lightvibes.service.keys.SessionRequest;
import io.lightvibes.service.pqc.MlKemKeySource;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.store.InMemoryKeyStore;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.KeyStore;
import io.lightvibes.service.store.StoreOptions;
import io.lightvibes.sim.link.AbsentLink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.OptionalInt;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One PQC issuance in process: ML-KEM-768 key, HPKE seal, store (in memory, or SQLite with
 * {@code synchronous=FULL}), evidence events on or off. Beside {@code PqcIssuanceCryptoBench} it
 * says what the service adds to the crypto it cannot avoid, without HTTP.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar IssuanceBench -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IssuanceBench {

    @Param({"memory", "sqlite"})
    public String store;

    @Param({"on", "off"})
    public String evidence;

    private KeyStore keyStore;
    private KeyService keys;
    private Path directory;
    private final SessionRequest request = new SessionRequest("bench-peer", 256, OptionalInt.of(3600), Fallback.PQC);

    @Setup
    public void setUp() throws IOException {
        var random = new SecureRandom();
        var clock = Clock.systemUTC();
        if (store.equals("sqlite")) {
            directory = Files.createTempDirectory("lightvibes-issuance-bench");
            keyStore = JdbcKeyStore.create("jdbc:sqlite:" + directory.resolve("bench.db"), StoreOptions.DEFAULTS);
        } else {
            keyStore = new InMemoryKeyStore();
        }
        keyStore.open();
        var recipient = RecipientPrivateKey.generate(SealSuite.X25519, random);
        var modes = new ModeController(new AbsentLink(), MlKemKeySource.create(random), 0.08, 5);
        SessionEvidence events = evidence.equals("on") ? new EvidenceEvents(clock) : SessionEvidence.NONE;
        keys = new KeyService(keyStore, modes, new HpkeSealer(recipient.publicKey(), random), clock, 3600, events,
                random);
    }

    @TearDown
    public void tearDown() throws IOException {
        keyStore.close();
        if (directory != null) {
            try (var files = Files.list(directory)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(directory);
        }
    }

    /** One caller issuing back to back. */
    @Benchmark
    public IssuedSession issue() {
        return keys.openSession(request);
    }

    /** Sixteen callers at once (group commit shares the fsync on SQLite). */
    @Benchmark
    @Threads(16)
    public IssuedSession issue16() {
        return keys.openSession(request);
    }
}
