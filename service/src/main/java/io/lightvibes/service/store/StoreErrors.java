package io.lightvibes.service.store;

import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.sqlite.SQLiteException;

/**
 * Turns driver and backend failures into {@link StoreException}s whose messages say what failed
 * and where (the URL with its password masked), and never carry SQL text or bound values.
 */
final class StoreErrors {

    /**
     * SQLSTATEs that mean "try again later" rather than "this request is wrong" (PostgreSQL,
     * Appendix A): connection exceptions, transaction rollback (serialization, deadlock),
     * insufficient resources, lock_not_available, operator intervention.
     */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57");
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final String INTEGRITY_CLASS = "23";
    /** SQLite's primary result code for every constraint failure. */
    private static final int SQLITE_CONSTRAINT = 19;
    private static final int MAX_DRIVER_MESSAGE = 300;

    private final DatabaseUrl url;
    private final Duration busyTimeout;

    StoreErrors(DatabaseUrl url, Duration busyTimeout) {
        this.url = url;
        this.busyTimeout = busyTimeout;
    }

    StoreException translate(SQLException failure, String doing) {
        String where = url.masked();
        return switch (failure) {
            case BackendFailure.ConnectFailed connect -> unavailable(connect, "Could not %s: cannot connect to the "
                    + "database at %s (%s). Check that it is running, reachable and accepts these credentials.",
                    doing, where, driverMessage(connect.getCause()));
            case BackendFailure.WriterBusy busy -> unavailable(busy, "Could not %s: the store at %s stayed busy "
                    + "with other writes for %s s, so it never started. Retry later.",
                    doing, where, seconds(busyTimeout));
            case BackendFailure.PoolBusy busy -> unavailable(busy,
                    "Could not %s: every connection to %s stayed busy for %s s. Retry later.",
                    doing, where, seconds(busyTimeout));
            case BackendFailure.Interrupted interrupted -> unavailable(interrupted,
                    "Could not %s: interrupted while waiting for the database; nothing was changed.", doing);
            case BackendFailure.Closed closed -> unavailable(closed, "Could not %s: the store is closed.", doing);
            case BackendFailure.EvidenceRefused refused -> unavailable(refused, "Could not %s: the evidence log at "
                    + "%s refused its entries (%s), so nothing was changed.",
                    doing, where, driverMessage(refused.getCause()));
            case Migrations.MigrationFailed migration when migration.getCause() instanceof SQLException driver ->
                    translate(driver, doing);
            default -> translateDriver(failure, doing, where);
        };
    }

    private StoreException translateDriver(SQLException failure, String doing, String where) {
        String message = driverMessage(failure);
        if (isIntegrity(failure)) {
            return new StoreConflictException(String.format(Locale.ROOT, "Could not %s: it conflicts with stored "
                    + "data (a session_id, key_ref or party that already exists) [%s].", doing, message), failure);
        }
        if (isTransient(failure)) {
            return unavailable(failure, "Could not %s: the database at %s is unavailable (%s). %s", doing, where,
                    message, url instanceof DatabaseUrl.SqliteFile
                            ? "Check that the file and its directory are readable and writable and the disk has room."
                            : "Check that it is running and reachable.");
        }
        return unavailable(failure, "Could not %s: %s.", doing, message);
    }

    private static StoreUnavailableException unavailable(SQLException cause, String format, Object... args) {
        return new StoreUnavailableException(String.format(Locale.ROOT, format, args), cause);
    }

    private static boolean isIntegrity(SQLException failure) {
        if (failure instanceof SQLiteException sqlite) {
            return (sqlite.getResultCode().code & 0xff) == SQLITE_CONSTRAINT;
        }
        String state = failure.getSQLState();
        return state != null && state.startsWith(INTEGRITY_CLASS);
    }

    private static boolean isTransient(SQLException failure) {
        if (failure instanceof SQLiteException) {
            // Busy, locked, I/O, full, cannot open, read-only: the file, not the request, is at fault.
            return true;
        }
        String state = failure.getSQLState();
        return state != null && (state.equals(LOCK_NOT_AVAILABLE)
                || state.length() >= 2 && TRANSIENT_CLASSES.contains(state.substring(0, 2)));
    }

    /** The driver's own one-line message: the primary text only, never SQL, details or bound values. */
    String driverMessage(Throwable failure) {
        if (failure == null) {
            return "no reason given";
        }
        if (failure instanceof BatchUpdateException batch && batch.getNextException() != null) {
            // pgjdbc's batch message quotes the statement with its values; the server's error follows it.
            return driverMessage(batch.getNextException());
        }
        String message = failure.getMessage();
        if (failure instanceof PSQLException postgres) {
            ServerErrorMessage server = postgres.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                message = server.getMessage();
            }
        }
        if (message == null || message.isBlank()) {
            return failure.getClass().getSimpleName();
        }
        String line = url.scrub(message.strip().lines().findFirst().orElse(""));
        if (line.endsWith(".")) {
            line = line.substring(0, line.length() - 1);  // the message goes on after it
        }
        return line.length() > MAX_DRIVER_MESSAGE ? line.substring(0, MAX_DRIVER_MESSAGE) : line;
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString();
    }
}
