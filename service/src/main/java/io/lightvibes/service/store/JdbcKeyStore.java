package io.lightvibes.service.store;

import io.lightvibes.service.evidence.EvidenceAppends.NodeId;
import io.lightvibes.service.evidence.EvidenceEvent;
import java.io.IOException;
import java.lang.ref.Cleaner;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link KeyStore} and {@link EvidenceStore} on SQLite (embedded, {@code jdbc:sqlite:PATH}) or
 * PostgreSQL ({@code jdbc:postgresql://HOST:PORT/DB?...}), migrated by Flyway when opened.
 *
 * <p>On both databases the writes run on one thread that commits the writes queued behind each
 * other together ({@link GroupWriter}), reads on a small pool. Each change appends its evidence
 * entries in its own transaction ({@link GroupedEvidence}, {@link EvidenceTransactions}): if they
 * cannot be written, the change does not happen. A URL's {@code currentSchema} (PostgreSQL) puts
 * the tables in that schema, created on {@link #open()}.
 */
public final class JdbcKeyStore implements KeyStore, EvidenceStore {

    /** Closes the connections and thread of a store dropped without {@link #close()}. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final DatabaseUrl url;
    private final StoreOptions options;
    private final StoreErrors errors;
    private final Object lifecycle = new Object();
    private volatile Opened opened;

    /** What an opened store holds; the cleanable closes the backend once. */
    private record Opened(Backend backend, KeyTransactions keys, EvidenceTransactions evidence,
            Cleaner.Cleanable cleanable) {
    }

    private JdbcKeyStore(DatabaseUrl url, StoreOptions options) {
        this.url = url;
        this.options = options;
        this.errors = new StoreErrors(url, options.busyTimeout());
    }

    /**
     * The store for {@code url}, not yet opened. Throws {@link StoreConfigException} for an
     * unusable URL (an in-memory SQLite, another scheme, unparseable), naming no password.
     */
    public static JdbcKeyStore create(String url, StoreOptions options) {
        return new JdbcKeyStore(DatabaseUrl.parse(url), options);
    }

    /** The database URL with any password masked, fit for logs and messages. */
    public String url() {
        return url.masked();
    }

    /**
     * Connects and applies pending migrations; safe to repeat and to race other processes. A SQLite
     * file's directory is created; one that cannot be is a {@link StoreConfigException}.
     */
    @Override
    public void open() {
        synchronized (lifecycle) {
            if (opened == null) {
                Backend backend = Backends.create(url, options);
                opened = new Opened(backend, new KeyTransactions(backend.dialect(), backend.appender()),
                        backend.log(), CLEANER.register(this, backend::close));
            }
            try {
                Backends.migrate(url, options, opened.backend());
            } catch (SQLException e) {
                throw errors.translate(e, "open the store");
            } catch (IOException e) {
                throw new StoreUnavailableException(String.format(Locale.ROOT,
                        "Could not open the store: cannot lock %s for migrating (%s).", url.masked(), e.getMessage()), e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (opened != null) {
                opened.cleanable().clean();
                opened = null;
            }
        }
    }

    @Override
    public boolean ping() {
        Opened current = opened;
        if (current == null) {
            return false;
        }
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Thread.ofVirtual().name("lightvibes-store-ping").start(() -> {
            try {
                current.backend().read(connection -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.setQueryTimeout((int) Backends.wholeSeconds(options));
                        return statement.execute("SELECT 1");
                    }
                });
                answer.complete(true);
            } catch (SQLException | RuntimeException e) {
                answer.complete(false);
            }
        });
        try {
            return answer.get(options.busyTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void createSession(SessionRecord session, List<SealedKeyRecord> sealedKeys, List<EvidenceEvent> events) {
        if (sealedKeys.isEmpty()) {
            throw new IllegalArgumentException("a session needs at least one sealed copy of its key");
        }
        if (sealedKeys.stream().anyMatch(copy -> !copy.sessionId().equals(session.sessionId()))) {
            throw new IllegalArgumentException("every sealed copy must belong to the session being created");
        }
        // Checked here: inside the transaction the failure would surface from the writer thread.
        Micros.of(session.createdAt());
        Micros.of(session.expiresAt());
        session.closedAt().ifPresent(Micros::of);
        sealedKeys.forEach(copy -> Micros.of(copy.expiresAt()));
        List<SealedKeyRecord> copies = List.copyOf(sealedKeys);
        List<EvidenceEvent> entries = checkedEvents(events);
        write("create a session", store -> connection -> {
            store.keys().insertSession(connection, session, copies, entries);
            return null;
        });
    }

    @Override
    public Optional<SessionRecord> getSession(String sessionId) {
        return read("read a session", store -> connection -> store.keys().selectSession(connection, sessionId));
    }

    @Override
    public Optional<SealedKeyRecord> takeKey(String keyRef, String party, Instant now,
            EventsFor<SealedKeyRecord> events) {
        Micros.of(now);
        return write("take a key",
                store -> connection -> store.keys().takeKey(connection, keyRef, party, now, events));
    }

    @Override
    public Optional<SessionRecord> revokeSession(String sessionId, Instant now, EventsFor<SessionRecord> events) {
        Micros.of(now);
        return write("revoke a session",
                store -> connection -> store.keys().revokeSession(connection, sessionId, now, events));
    }

    @Override
    public int sweepExpired(Instant now, EventsFor<List<SealedKeyRecord>> events) {
        Micros.of(now);
        return write("sweep expired keys", store -> connection -> store.keys().sweepExpired(connection, now, events));
    }

    @Override
    public long appendEvents(List<EvidenceEvent> events) {
        List<EvidenceEvent> entries = checkedEvents(events);
        return write("append evidence", store -> connection -> store.evidence().append(connection, entries));
    }

    @Override
    public long evidenceSize() {
        return read("read the log size", store -> connection -> store.evidence().size(connection));
    }

    @Override
    public List<byte[]> evidenceEntries(long start, long end) {
        EvidenceTransactions.requireRange(start, end);
        return read("read evidence entries", store -> connection -> store.evidence().entries(connection, start, end));
    }

    @Override
    public Map<NodeId, byte[]> evidenceNodes(Collection<NodeId> ids) {
        List<NodeId> wanted = List.copyOf(ids);
        return read("read evidence nodes", store -> connection -> store.evidence().nodes(connection, wanted));
    }

    @Override
    public StoredCheckpoint signCheckpoint(CheckpointSigner signer, Instant createdAt) {
        Micros.of(createdAt);
        return write("sign a checkpoint",
                store -> connection -> store.evidence().signCheckpoint(connection, signer, createdAt));
    }

    @Override
    public Optional<StoredCheckpoint> latestCheckpoint() {
        return read("read the latest checkpoint", store -> connection -> store.evidence().latestCheckpoint(connection));
    }

    @Override
    public List<StoredCheckpoint> checkpoints(long start, int limit) {
        if (start < 0 || limit < 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "checkpoints from %d, at most %d: both must not be negative", start, limit));
        }
        return read("read checkpoints", store -> connection -> store.evidence().checkpoints(connection, start, limit));
    }

    private static List<EvidenceEvent> checkedEvents(List<EvidenceEvent> events) {
        List<EvidenceEvent> copied = List.copyOf(events);
        copied.forEach(event -> Micros.of(event.time()));
        return copied;
    }

    /** The ETSI GS QKD 014 key copies on this store's database and evidence log. */
    public EtsiKeyStore etsiKeys() {
        return new EtsiKeyStore(() -> requireOpen().backend(), () -> requireOpen().backend().appender(), errors);
    }

    /** A transaction body that needs the opened store's transactions. */
    @FunctionalInterface
    private interface Body<T> {
        Transaction<T> with(Opened store);
    }

    private <T> T write(String doing, Body<T> body) {
        Opened current = requireOpen();
        try {
            return current.backend().write(body.with(current));
        } catch (SQLException e) {
            throw errors.translate(e, doing);
        }
    }

    private <T> T read(String doing, Body<T> body) {
        Opened current = requireOpen();
        try {
            return current.backend().read(body.with(current));
        } catch (SQLException e) {
            throw errors.translate(e, doing);
        }
    }

    private Opened requireOpen() {
        Opened current = opened;
        if (current == null) {
            throw new IllegalStateException("The store is not open: call open() first.");
        }
        return current;
    }

    /** The peer registry in this store's database; each call needs the store open. */
    public PeerStore peers() {
        return new PeerStore(() -> requireOpen().backend(), errors);
    }

    /** The tables through which replicas share one link; each call needs the store open. */
    public LinkReplicaStore linkReplicas() {
        return new LinkReplicaStore(() -> requireOpen().backend(), errors);
    }

    /** Whether the database is PostgreSQL, where several processes may serve (SQLite: one). */
    public boolean isPostgres() {
        return url instanceof DatabaseUrl.Postgres;
    }

    /** For tests of the backends. */
    Backend backend() {
        return requireOpen().backend();
    }

    /** For tests of the SQLite backend. */
    Optional<SqliteBackend> sqliteBackend() {
        Opened current = opened;
        return current != null && current.backend() instanceof SqliteBackend sqlite ? Optional.of(sqlite) : Optional.empty();
    }
}
