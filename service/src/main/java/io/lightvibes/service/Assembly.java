package io.lightvibes.service;

import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.WebServer;
import io.helidon.common.tls.Tls;
import io.lightvibes.service.guard.DenialLog;
import io.lightvibes.service.guard.EvidenceDenials;
import io.lightvibes.service.guard.Guard;
import io.lightvibes.service.guard.PeerRateLimits;
import io.lightvibes.service.guard.Policies;
import io.lightvibes.service.guard.PolicySet;
import io.lightvibes.service.identity.Authenticator;
import io.lightvibes.service.identity.Authenticators;
import io.lightvibes.service.identity.RegisteredPeer;
import io.lightvibes.service.identity.ServerTls;
import io.lightvibes.service.keys.Recipients;
import io.lightvibes.service.config.Settings;
import io.lightvibes.service.http.ServiceMetrics;
import io.lightvibes.service.etsi.EtsiKeyService;
import io.lightvibes.service.etsi.EtsiLimits;
import io.lightvibes.service.hsm.AesGcmKeyWrapper;
import io.lightvibes.service.hsm.KeyBackend;
import io.lightvibes.service.hsm.KeyWrapper;
import io.lightvibes.service.hsm.Pkcs11Token;
import io.lightvibes.service.keys.PeriodicTask;
import io.lightvibes.service.keys.Recipients;
import io.lightvibes.service.evidence.NoteSigner;
import io.lightvibes.service.evidence.NoteSigningKey;
import io.lightvibes.service.hsm.EvidenceSigningKeys;
import io.lightvibes.service.keys.EvidenceEvents;
import io.lightvibes.service.keys.EvidenceLog;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.keys.ModeController;
import io.lightvibes.service.keys.SessionEvidence;
import io.lightvibes.service.keys.Sweeper;
import io.lightvibes.service.pqc.MlKemKeySource;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.sealing.KeyFiles;
import io.lightvibes.service.sealing.RecipientKeyException;
import io.lightvibes.service.sealing.RecipientPublicKey;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.StoreOptions;
import io.lightvibes.nativebridge.DriverSelection;
import io.lightvibes.service.link.EvidenceLinkSink;
import io.lightvibes.service.link.LinkAssembly;
import io.lightvibes.service.link.LinkControl;
import io.lightvibes.service.link.ReplicaMode;
import io.lightvibes.service.link.ReplicaTiming;
import io.lightvibes.service.config.ConfigException;
import io.lightvibes.sim.link.EventSink;
import io.lightvibes.sim.link.LoggingEventSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The production wiring, made once from {@link Settings}: the recipient key, the store (migrated),
 * the key sources, the key service and its sweeper. Everything it opens, {@link #close()} closes.
 */
public final class Assembly implements AutoCloseable {

    private final Settings settings;
    private final JdbcKeyStore store;
    private final Optional<EvidenceLog> evidence;
    private final LinkControl link;
    private final KeyService keys;
    private final Sweeper sweeper;
    private final ServiceMetrics metrics;
    private final Guard guard;
    private final EtsiKeyService etsi;
    private final PeriodicTask etsiSweeper;
    private final Optional<Pkcs11Token> token;

    private Assembly(Settings settings, JdbcKeyStore store, Optional<EvidenceLog> evidence, LinkControl link,
            KeyService keys, Sweeper sweeper, Guard guard, EtsiKeyService etsi, Optional<Pkcs11Token> token,
            ServiceMetrics metrics) {
        this.settings = settings;
        this.guard = guard;
        this.etsi = etsi;
        this.etsiSweeper = new PeriodicTask("etsi-sweeper", etsi::sweep, seconds(settings.sweepIntervalS()));
        this.token = token;
        this.store = store;
        this.evidence = evidence;
        this.link = link;
        this.keys = keys;
        this.sweeper = sweeper;
        this.metrics = metrics;
    }

    /**
     * Builds and opens every part. A bad recipient key file raises a
     * {@link io.lightvibes.service.sealing.RecipientKeyException} naming it; an unusable store a
     * {@link io.lightvibes.service.store.StoreException}; a policy file that does not parse or
     * type-check, or an unreachable rate-limit Redis, a {@link io.lightvibes.service.config.ConfigException};
     * all before anything listens.
     */
    public static Assembly open(Settings settings) {
        RecipientPublicKey recipient = recipient(settings.recipientPublicKeyPath());
        PolicySet policies = Policies.load(settings.guard().policyDir());
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        StoreOptions storeOptions = StoreOptions.DEFAULTS.withSqliteSynchronous(settings.sqliteSynchronous());
        JdbcKeyStore store = JdbcKeyStore.create(settings.databaseUrl(), storeOptions);
        Optional<EvidenceLog> evidence = Optional.empty();
        Optional<Pkcs11Token> token = Optional.empty();
        try {
            store.open();
            evidence = evidenceLog(settings, storeOptions, store, clock, random);
            DriverSelection drivers = LinkAssembly.drivers(settings.driver(), settings.nativeLibrary());
            EventSink events = linkEvents(evidence, clock);
            LinkControl link = link(settings, store, drivers, events, random, clock);
            var modes = new ModeController(link.link(), MlKemKeySource.create(random), settings.qberThreshold(),
                    settings.retryAfterS());
            // Each registered party's copy is sealed to its newest key in the peer registry.
            Recipients recipients = peerId -> store.peers().active(peerId).map(RegisteredPeer::recipientKey);
            var keys = new KeyService(store, modes, new HpkeSealer(recipient, random), recipients, clock,
                    settings.defaultTtlS(), evidence.isPresent() ? new EvidenceEvents(clock) : SessionEvidence.NONE,
                    random);
            var sweeper = new Sweeper(keys, seconds(settings.sweepIntervalS()));
            var metrics = new ServiceMetrics(Metrics.globalRegistry());
            DenialLog recorded = evidence.<DenialLog>map(log -> new EvidenceDenials(log, clock)).orElse(DenialLog.NONE);
            // Every refusal is counted by the deciding policy (or no-policy-permits), then evidenced.
            DenialLog denials = denial -> {
                metrics.denied(denial.decision().policyId().orElse("no-policy-permits"));
                recorded.record(denial);
            };
            var guard = new Guard(policies, denials, PeerRateLimits.from(settings.guard()), clock,
                    settings.defaultTtlS());
            // ETSI GS QKD 014 keeps each slave's copy wrapped at rest: by the token's key, or by one
            // that lives in this process's memory (copies do not survive a restart then).
            token = settings.hsm().backend() == KeyBackend.PKCS11 ? Optional.of(Pkcs11Token.open(settings.hsm()))
                    : Optional.empty();
            KeyWrapper wrapper = token.map(open -> open.keyWrapper(random))
                    .orElseGet(() -> AesGcmKeyWrapper.inMemory(random));
            var etsi = new EtsiKeyService(modes, store.etsiKeys(), wrapper, recipients, clock,
                    EtsiLimits.defaults(settings.evidence().origin(), settings.defaultTtlS()), evidence.isPresent());
            return new Assembly(settings, store, evidence, link, keys, sweeper, guard, etsi, token, metrics);
        } catch (RuntimeException e) {
            token.ifPresent(Pkcs11Token::close);
            evidence.ifPresent(EvidenceLog::close);
            store.close();
            throw e;
        }
    }

    /** The link's transitions, logged and (with the evidence log on) evidenced. */
    static EventSink linkEvents(Optional<EvidenceLog> evidence, Clock clock) {
        EventSink logged = new LoggingEventSink();
        return evidence.<EventSink>map(log -> {
            var recorded = new EvidenceLinkSink(log, clock);
            return transition -> {
                logged.emit(transition);
                recorded.emit(transition);
            };
        }).orElse(logged);
    }

    /**
     * The link as {@code LIGHTVIBES_REPLICA_MODE} says: this process's own, or the one the replicas
     * on one PostgreSQL database share (elect and follow refuse SQLite, which one process serves).
     */
    private static LinkControl link(Settings settings, JdbcKeyStore store, DriverSelection drivers, EventSink events,
            SecureRandom random, Clock clock) {
        ReplicaMode mode = settings.replicaMode().resolve(store.isPostgres());
        if (!mode.shared()) {
            return LinkAssembly.open(settings.link(), drivers, events, random);
        }
        if (!store.isPostgres()) {
            throw new ConfigException("LIGHTVIBES_REPLICA_MODE: " + mode + " shares the link through PostgreSQL; "
                    + "one process serves a SQLite database, so use local (or auto).");
        }
        return LinkAssembly.shared(settings.link(), drivers, events, random, store, settings.databaseUrl(),
                mode == ReplicaMode.ELECT, clock, ReplicaTiming.DEFAULTS);
    }

    /**
     * The log with the key-wrapper backend's signing key (a fresh in-memory one, or the token's that
     * survives restarts), introduced by a {@code log.started} entry at every start.
     */
    static Optional<EvidenceLog> evidenceLog(Settings all, StoreOptions storeOptions, JdbcKeyStore store,
            Clock clock, SecureRandom random) {
        Settings.Evidence settings = all.evidence();
        if (!settings.enabled()) {
            return Optional.empty();
        }
        NoteSigningKey key = EvidenceSigningKeys.open(all.hsm(), all.databaseUrl(), storeOptions, clock, random);
        var signer = new NoteSigner(settings.origin(), key);
        var log = new EvidenceLog(store, clock, settings.origin(), signer, settings.checkpointEntries(),
                seconds(settings.checkpointIntervalS()));
        log.start();
        return Optional.of(log);
    }

    static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.max(1_000_000L, Math.round(seconds * 1e9)));
    }

    private static RecipientPublicKey recipient(Path path) {
        if (!Files.exists(path)) {
            throw new RecipientKeyException(path + ": no recipient public key there; make one with `lightvibes keygen --out "
                    + (path.getParent() == null ? "." : path.getParent()) + "` or point LIGHTVIBES_RECIPIENT_PUBLIC_KEY at one");
        }
        return KeyFiles.loadPublicKey(path);
    }

    /**
     * Starts the link and the sweeper, then the web server on the settings' address, with the
     * authenticator and TLS the settings ask for (a refused combination stops before anything starts).
     */
    public WebServer serve() {
        Authenticator authenticator = Authenticators.forServer(settings.security(), settings.host(), store.peers());
        Optional<Tls> tls = ServerTls.from(settings.security(), new SecureRandom());
        link.link().start();
        sweeper.start();
        etsiSweeper.start();
        return Main.start(new Main.Parts(keys, link, evidence, metrics, settings.benchTwins(),
                authenticator, guard, Optional.of(etsi)), settings.host(),
                settings.port(), tls);
    }

    public KeyService keys() {
        return keys;
    }

    /** Stops the sweeper and the link, then closes the guard's connection and the store. */
    @Override
    public void close() {
        sweeper.close();
        etsiSweeper.close();
        link.link().close();
        guard.close();
        evidence.ifPresent(EvidenceLog::close);
        store.close();
        token.ifPresent(Pkcs11Token::close);
    }
}
