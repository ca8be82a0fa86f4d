package io.lightvibes.service;

import io.lightvibes.nativebridge.DriverSelection;
import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.config.Settings;
import io.lightvibes.service.keys.EvidenceLog;
import io.lightvibes.service.keys.PeriodicTask;
import io.lightvibes.service.link.LinkAssembly;
import io.lightvibes.service.link.LinkLeader;
import io.lightvibes.service.link.ReplicaTiming;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.StoreOptions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code lightvibes link run}: a process that only stands for election to run the QKD link for
 * the replicas on one PostgreSQL database (which then serve with {@code LIGHTVIBES_REPLICA_MODE=follow}
 * or {@code elect}), with the link's transitions in the shared evidence log. It serves no HTTP and
 * takes no pool share itself.
 */
public final class LinkRunner implements AutoCloseable {

    private final JdbcKeyStore store;
    private final Optional<EvidenceLog> evidence;
    private final LinkLeader leader;
    private final PeriodicTask ticks;

    private LinkRunner(JdbcKeyStore store, Optional<EvidenceLog> evidence, LinkLeader leader, ReplicaTiming timing) {
        this.store = store;
        this.evidence = evidence;
        this.leader = leader;
        this.ticks = new PeriodicTask("link-leader", leader::tick, timing.tick());
    }

    /**
     * Opens the store and the evidence log and starts standing for election; a SQLite URL or a
     * disabled link is a {@link ConfigException}.
     */
    public static LinkRunner start(Settings settings) {
        if (!settings.link().enabled()) {
            throw new ConfigException("LIGHTVIBES_LINK_ENABLED is false: there is no link to run.");
        }
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        StoreOptions options = StoreOptions.DEFAULTS.withSqliteSynchronous(settings.sqliteSynchronous());
        JdbcKeyStore store = JdbcKeyStore.create(settings.databaseUrl(), options);
        Optional<EvidenceLog> evidence = Optional.empty();
        try {
            if (!store.isPostgres()) {
                throw new ConfigException("lightvibes link run hands the link to replicas through PostgreSQL; "
                        + "LIGHTVIBES_DATABASE_URL names a SQLite file, which one `lightvibes serve` runs alone.");
            }
            store.open();
            evidence = Assembly.evidenceLog(settings, options, store, clock, random);
            DriverSelection drivers = LinkAssembly.drivers(settings.driver(), settings.nativeLibrary());
            LinkLeader leader = LinkAssembly.leader(settings.link(), drivers, Assembly.linkEvents(evidence, clock),
                    random, store, settings.databaseUrl(), "link-run-" + LinkAssembly.replicaId(random), clock,
                    ReplicaTiming.DEFAULTS);
            var runner = new LinkRunner(store, evidence, leader, ReplicaTiming.DEFAULTS);
            runner.ticks.start();
            return runner;
        } catch (RuntimeException e) {
            evidence.ifPresent(EvidenceLog::close);
            store.close();
            throw e;
        }
    }

    /** Whether this process runs the link now. */
    public boolean leading() {
        return leader.leading();
    }

    public String leaderId() {
        return leader.leaderId();
    }

    /** The database, its password masked. */
    public String databaseUrl() {
        return store.url();
    }

    @Override
    public void close() {
        ticks.close();
        leader.close();
        evidence.ifPresent(EvidenceLog::close);
        store.close();
    }
}
