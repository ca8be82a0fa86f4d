package io.lightvibes.service.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.nativebridge.DriverMode;
import io.lightvibes.nativebridge.DriverSelection;
import io.lightvibes.service.keys.InvalidRequestException;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.store.AdvisoryLock;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.TestDatabases;
import io.lightvibes.service.testing.Await;
import io.lightvibes.service.store.TestDatabases.Database;
import io.lightvibes.service.store.TestDatabases.Engine;
import io.lightvibes.sim.link.HealthListener;
import io.lightvibes.sim.link.KeyPool;
import io.lightvibes.sim.link.LinkHealth;
import io.lightvibes.sim.link.LinkOptions;
import io.lightvibes.sim.link.LinkState;
import io.lightvibes.sim.link.SimulatedLink;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replicas sharing one link through one PostgreSQL schema, in one JVM: one of them runs the link,
 * all report the same health, each serves QMK bits from its own sealed shares and none is handed
 * out twice, the lock fails over when its holder goes (cleanly or by losing its connection), a
 * quarantine empties every replica's part of the pool, and drills name the replica that runs the
 * link. (Across processes, with kill -9: {@code process.SharedLinkProcessTest}.)
 */
class SharedLinkTest {

    private static final ReplicaTiming FAST = new ReplicaTiming(Duration.ofMillis(50), Duration.ofSeconds(2));
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();
    private final List<SharedLink> replicas = new ArrayList<>();
    private Database database;

    @BeforeEach
    void database() {
        database = databases.create(Engine.POSTGRESQL);
    }

    @AfterEach
    void close() {
        replicas.forEach(SharedLink::close);
    }

    private SharedLink replica(String id, boolean elect) {
        JdbcKeyStore store = databases.newStore(database);
        store.open();
        LinkOptions options = LinkOptions.builder().pulsesPerBlock(100_000_000L).repetitionRateHz(1e9)
                .restoreCleanBlocks(0).poolMaxBits(1 << 16).build();
        DriverSelection drivers = LinkAssembly.drivers(DriverMode.JAVA, Optional.empty());
        SecureRandom random = new SecureRandom();
        Optional<LinkLeader> leader = elect ? Optional.of(LinkAssembly.leader(options, drivers, transition -> { },
                random, store, database.url(), id, Clock.systemUTC(), FAST)) : Optional.empty();
        SharedLink link = new SharedLink(store.linkReplicas(), id, RecipientPrivateKey.generate(PoolShares.SUITE, random),
                new KeyPool(options.poolMaxBits()), Clock.systemUTC(), FAST, HealthListener.NONE, leader);
        replicas.add(link);
        link.start();
        return link;
    }

    @Test
    void oneReplicaRunsTheLinkAndEveryReplicaReportsTheSameHealth() throws Exception {
        SharedLink a = replica("replica-a", true);
        SharedLink b = replica("replica-b", true);
        await("both replicas see distilled blocks", () -> a.health().blocks() >= 3 && b.health().blocks() >= 3);

        assertThat(a.localLink().isPresent() ^ b.localLink().isPresent()).as("exactly one runs the link").isTrue();
        // Both read the one published row; between two of its updates they agree field by field.
        await("both report the same health", () -> {
            LinkHealth first = a.health();
            LinkHealth second = b.health();
            return first.blocks() == second.blocks() && first.state() == second.state()
                    && first.qber().equals(second.qber()) && first.rateBps() == second.rateBps()
                    && first.lastBlock().equals(second.lastBlock());
        });
        assertThat(a.health().state()).isEqualTo(LinkState.HEALTHY);
        assertThat(a.health().qber().getAsDouble()).isBetween(0.0, 0.08);
    }

    @Test
    void everyReplicaServesQmkBitsFromItsOwnSharesAndNoBitIsHandedOutTwice() throws Exception {
        SharedLink a = replica("replica-a", true);
        SharedLink b = replica("replica-b", true);
        Set<String> keys = new HashSet<>();
        int taken = 0;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        int[] perReplica = new int[2];
        while (Math.min(perReplica[0], perReplica[1]) < 50 && System.nanoTime() < deadline) {
            for (int side = 0; side < 2; side++) {
                Optional<byte[]> key = (side == 0 ? a : b).takeKey(256);
                if (key.isPresent()) {
                    keys.add(HexFormat.of().formatHex(key.get()));
                    perReplica[side]++;
                    taken++;
                }
            }
            Thread.sleep(5);
        }
        assertThat(perReplica[0]).as("keys taken on replica a").isGreaterThanOrEqualTo(50);
        assertThat(perReplica[1]).as("keys taken on replica b").isGreaterThanOrEqualTo(50);
        assertThat(keys).as("distinct keys").hasSize(taken);
        // The shares still waiting are sealed: none of the keys served appears in them.
        try (Connection connection = TestDatabases.connect(database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT encode(sealed, 'hex') FROM link_shares")) {
            while (rows.next()) {
                String sealed = rows.getString(1);
                assertThat(keys).noneMatch(sealed::contains);
            }
        }
        assertThat(a.health().poolBits()).as("the pool all live replicas hold").isPositive();
    }

    @Test
    void whenTheLeaderLeavesAnotherReplicaTakesTheLinkOver() throws Exception {
        SharedLink a = replica("replica-a", true);
        await("a runs the link", () -> a.localLink().isPresent());
        SharedLink b = replica("replica-b", true);
        await("b follows", () -> b.health().blocks() >= 2);
        long before = b.health().blocks();

        a.close();
        replicas.remove(a);

        await("b runs the link", () -> b.localLink().isPresent());
        await("b's own link distils blocks", () -> b.localLink().get().health().blocks() >= 2);
        await("b keeps serving QMK bits", () -> b.takeKey(256).isPresent());
        await("the link is healthy again", () -> b.health().state() == LinkState.HEALTHY);
        assertThat(b.health().blocks()).as("the block count goes on").isGreaterThan(before);
    }

    @Test
    void whenTheLeadersDatabaseConnectionDiesItStopsItsLinkAndAnotherTakesOver() throws Exception {
        SharedLink a = replica("replica-a", true);
        await("a runs the link", () -> a.localLink().isPresent());
        SimulatedLink aLink = a.localLink().orElseThrow();
        SharedLink b = replica("replica-b", true);
        await("b follows", () -> b.health().blocks() >= 2);

        // What the server does when a's host vanishes: its session, and with it the lock, ends.
        try (Connection connection = TestDatabases.connect(database); Statement statement = connection.createStatement();
                ResultSet terminated = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE application_name = 'lightvibes-leader replica-a'")) {
            assertThat(terminated.next() && terminated.getBoolean(1)).as("a's lock session was there to end").isTrue();
            assertThat(terminated.next()).as("a holds one lock session").isFalse();
        }

        await("a notices and stops its link", () -> a.localLink().isEmpty() || a.localLink().get() != aLink);
        await("exactly one runs the link again", () -> a.localLink().isPresent() ^ b.localLink().isPresent());
        await("the health moves on", () -> b.health().state() == LinkState.HEALTHY && b.takeKey(256).isPresent());
    }

    @Test
    void aQuarantineEmptiesEveryReplicasPartOfThePool() throws Exception {
        SharedLink leader = replica("replica-a", true);
        await("a runs the link", () -> leader.localLink().isPresent());
        SharedLink follower = replica("replica-b", false);
        await("the follower holds pool bits", () -> follower.heldBits() >= 1024);

        leader.localLink().orElseThrow().adjust(OptionalDouble.of(1.0), OptionalDouble.empty());

        await("the follower sees the quarantine", () -> follower.health().state() == LinkState.QUARANTINED);
        await("and its part of the pool is gone", () -> follower.heldBits() == 0);
        assertThat(follower.takeKey(8)).isEmpty();
    }

    @Test
    void withoutALeaderTheLinkIsDownAndDrillsNameTheReplicaThatRunsIt() throws Exception {
        SharedLink follower = replica("replica-b", false);
        var control = new LinkControl(follower, "java", "test", new HealthFeed());
        assertThat(follower.health().state()).isEqualTo(LinkState.DOWN);
        assertThatThrownBy(() -> control.apply(OptionalDouble.of(0.5), OptionalDouble.empty(), false))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("none elected yet");

        SharedLink leader = replica("replica-a", true);
        await("a runs the link", () -> leader.localLink().isPresent() && follower.health().blocks() >= 1);
        assertThatThrownBy(() -> control.apply(OptionalDouble.of(0.5), OptionalDouble.empty(), false))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("replica-a");
        assertThatThrownBy(follower::restore).hasMessageContaining("replica-a");
        assertThat(new LinkControl(leader, "java", "test", new HealthFeed())
                .apply(OptionalDouble.empty(), OptionalDouble.of(30.0), false).parameters())
                .hasValueSatisfying(parameters -> assertThat(parameters.distanceKm()).isEqualTo(30.0));
    }

    @Test
    void aReplicaReapedAfterASilenceComesBackAndIsServedAgain() throws Exception {
        SharedLink leader = replica("replica-a", true);
        await("the leader holds pool bits of its own", () -> leader.localLink().isPresent() && leader.heldBits() >= 1024);
        Thread.sleep(FAST.lapse().toMillis() + 200); // its start is now older than the lapse

        // What a leader does to a replica whose heartbeats stopped (a database outage, a long pause),
        // here to the leader's own row: it reaps first and beats second on one thread, every tick.
        try (Connection connection = TestDatabases.connect(database); Statement statement = connection.createStatement()) {
            assertThat(statement.executeUpdate("DELETE FROM link_replicas WHERE replica_id = 'replica-a'")).isOne();
        }
        while (leader.takeKey(8).isPresent()) {
            // drain what it held
        }
        await("it registers again as live and gets new shares", () -> leader.takeKey(256).isPresent());
    }

    @Test
    void aCandidateWhoseDriverCannotOpenGivesTheLockUp() throws Exception {
        JdbcKeyStore store = databases.newStore(database);
        store.open();
        try (var broken = new LinkLeader(store.linkReplicas(),
                AdvisoryLock.on(database.url(), LinkAssembly.LEADER_LOCK, "broken", FAST.lapse()), listener -> {
                    throw new IllegalStateException("no photonics hardware on this host");
                }, "broken", 1 << 16, Clock.systemUTC(), FAST, new SecureRandom())) {
            broken.tick(); // takes the free lock, cannot open its link, and must let go
            assertThat(broken.leading()).isFalse();
            SharedLink working = replica("replica-a", true);
            await("a candidate whose link opens runs it", () -> working.localLink().isPresent());
        }
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        Await.until(what, PATIENCE, Duration.ofMillis(20), condition);
    }
}
