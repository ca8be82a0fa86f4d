package io.lightvibes.benchmarks.store;

import io.lightvibes.service.keys.EvidenceEvents;
import io.lightvibes.service.keys.Fallback;
import io.lightvibes.service.keys.IssuedSession;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.keys.ModeController;
import io.lightvibes.service.keys.SessionRequest;
import io.lightvibes.service.pqc.MlKemKeySource;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.SqliteSynchronous;
import io.lightvibes.service.store.StoreOptions;
import io.lightvibes.sim.link.AbsentLink;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * How issuance latency grows with what the store already holds (issue 12: goal at most 1.2x from
 * 10^3 to 10^6): one PQC issuance (ML-KEM-768, HPKE seal, SQLite {@code synchronous=FULL}, its
 * two evidence entries and their Merkle nodes) into a database that already holds {@code stored}
 * open sessions with their sealed copies and {@code stored} evidence entries. The databases are
 * built once under the bench directory ({@code growth-N.db}) and reused while whole.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar IssuanceGrowthBench -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class IssuanceGrowthBench {

    @Param({"1000", "1000000"})
    public long stored;

    private JdbcKeyStore store;
    private KeyService keys;
    private final SessionRequest request = new SessionRequest("growth-peer", 256, OptionalInt.of(86400), Fallback.PQC);

    @Setup
    public void setUp() throws SQLException {
        String name = "growth-" + stored;
        store = JdbcKeyStore.create(BenchDatabases.keptSqlite(name), StoreOptions.DEFAULTS);
        store.open();
        if (store.evidenceSize() < stored) {
            store.close();
            String url = BenchDatabases.freshSqlite(name);
            store = JdbcKeyStore.create(url,
                    StoreOptions.DEFAULTS.withSqliteSynchronous(SqliteSynchronous.NORMAL));
            store.open();
            build(url);
            store.close();
            store = JdbcKeyStore.create(BenchDatabases.keptSqlite(name), StoreOptions.DEFAULTS);
            store.open();
        }
        var random = new SecureRandom();
        var clock = Clock.systemUTC();
        var recipient = RecipientPrivateKey.generate(SealSuite.X25519, random);
        keys = new KeyService(store, new ModeController(new AbsentLink(), MlKemKeySource.create(random), 0.08, 5),
                new HpkeSealer(recipient.publicKey(), random), clock, 86400, new EvidenceEvents(clock), random);
    }

    /**
     * {@code stored} open sessions, each with a 1,100-byte sealed copy expiring in a year, written
     * by one SQL statement; then {@code stored} evidence entries through the store (so the
     * Merkle nodes are the real ones).
     */
    private void build(String url) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            long now = System.currentTimeMillis() * 1000;
            long expires = now + 365L * 86400 * 1_000_000;
            statement.execute("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < " + stored
                    + ") INSERT INTO sessions (session_id, peer_id, mode, key_bits, ttl_s, created_at, expires_at, state, "
                    + "qber, rate_bps, seal_suite, recipient_key_id, closed_at) SELECT printf('grown-%010d', i), "
                    + "'growth-peer', 'PQC', 256, 86400, " + now + ", " + expires + ", 'open', NULL, 0.0, 'x25519', "
                    + "'rk', NULL FROM n");
            statement.execute("INSERT INTO sealed_keys (key_ref, session_id, party, sealed, mode, seal_suite, "
                    + "recipient_key_id, expires_at) SELECT 'kr_' || session_id, session_id, 'initiator', "
                    + "randomblob(1100), 'PQC', 'x25519', 'rk', expires_at FROM sessions");
            connection.commit();
        }
        BenchRecords.appendLinkEvents(store, stored);
    }

    @TearDown
    public void tearDown() {
        store.close();
    }

    /** One issuance into the grown database. */
    @Benchmark
    public IssuedSession issue() {
        return keys.openSession(request);
    }
}
