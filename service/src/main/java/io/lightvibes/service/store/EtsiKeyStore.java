package io.lightvibes.service.store;

import io.lightvibes.service.evidence.EvidenceEvent;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The slave copies of ETSI GS QKD 014 keys ({@link JdbcKeyStore#etsiKeys()}), on the key store's
 * database and transactions, each change with its evidence in the same transaction.
 */
public final class EtsiKeyStore {

    private final Supplier<Backend> backend;
    private final Supplier<EvidenceAppender> evidence;
    private final StoreErrors errors;

    EtsiKeyStore(Supplier<Backend> backend, Supplier<EvidenceAppender> evidence, StoreErrors errors) {
        this.backend = backend;
        this.evidence = evidence;
        this.errors = errors;
    }

    /** Stores {@code copies} and appends {@code events}, atomically. */
    public void insert(List<EtsiKeyRecord> copies, List<EvidenceEvent> events) {
        copies.forEach(copy -> Micros.of(copy.expiresAt()));
        write("store ETSI keys", transactions -> connection -> {
            transactions.insert(connection, copies, events);
            return null;
        });
    }

    /**
     * Deletes and returns the slave's copies of every {@code keyIds} that {@code masterSaeId} made
     * and that has not expired, or nothing at all (empty) if any one is not there.
     */
    public Optional<List<EtsiKeyRecord>> takeAll(String masterSaeId, String slaveSaeId, List<String> keyIds,
            Instant now, Function<List<EtsiKeyRecord>, List<EvidenceEvent>> events) {
        Micros.of(now);
        try {
            return write("take ETSI keys", transactions -> connection ->
                    transactions.takeAll(connection, masterSaeId, slaveSaeId, keyIds, now, events));
        } catch (EtsiKeyTransactions.MissingCopy missing) {
            return Optional.empty();
        }
    }

    /** How many copies for the pair wait, unexpired. */
    public long count(String masterSaeId, String slaveSaeId, Instant now) {
        return read("count ETSI keys", transactions -> connection ->
                transactions.count(connection, masterSaeId, slaveSaeId, now));
    }

    /** Destroys expired copies with their evidence; returns them. */
    public List<EtsiKeyRecord> sweep(Instant now, Function<List<EtsiKeyRecord>, List<EvidenceEvent>> events) {
        return write("sweep ETSI keys", transactions -> connection -> transactions.sweep(connection, now, events));
    }

    private interface Body<T> {
        Transaction<T> on(EtsiKeyTransactions transactions);
    }

    private <T> T write(String doing, Body<T> body) {
        try {
            return backend.get().write(body.on(new EtsiKeyTransactions(evidence.get())));
        } catch (SQLException e) {
            throw errors.translate(e, doing);
        }
    }

    private <T> T read(String doing, Body<T> body) {
        try {
            return backend.get().read(body.on(new EtsiKeyTransactions(evidence.get())));
        } catch (SQLException e) {
            throw errors.translate(e, doing);
        }
    }
}
