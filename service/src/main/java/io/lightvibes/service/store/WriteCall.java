package io.lightvibes.service.store;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One write queued for a store's writer thread ({@link GroupWriter}), and the answer its caller waits for.
 *
 * <p>The writer claims a call before it runs it; a caller interrupted while its call is still
 * unclaimed abandons it (it never runs) and is told so. Once claimed, the caller waits for the
 * real outcome, so nobody is ever told "failed" about a write that committed.
 */
final class WriteCall<T> {

    private static final int QUEUED = 0;
    private static final int CLAIMED = 1;
    private static final int ABANDONED = 2;

    private final Transaction<T> body;
    private final long deadlineNanos;
    private final AtomicInteger state = new AtomicInteger(QUEUED);
    private final CompletableFuture<T> answer = new CompletableFuture<>();

    WriteCall(Transaction<T> body, long deadlineNanos) {
        this.body = body;
        this.deadlineNanos = deadlineNanos;
    }

    Transaction<T> body() {
        return body;
    }

    /** Whether its busy timeout has run out (checked only before it starts, never while it runs). */
    boolean isLate(long nowNanos) {
        return nowNanos - deadlineNanos > 0;
    }

    /** Takes the call for the writer; false when its caller has abandoned it. */
    boolean claim() {
        return state.compareAndSet(QUEUED, CLAIMED);
    }

    void succeed(Object result) {
        @SuppressWarnings("unchecked")
        T typed = (T) result;
        answer.complete(typed);
    }

    void fail(Throwable failure) {
        answer.completeExceptionally(failure);
    }

    /** Waits for the outcome: the body's result, or the exception that failed it or its group. */
    T await() throws SQLException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return answer.get();
                } catch (InterruptedException e) {
                    if (state.compareAndSet(QUEUED, ABANDONED)) {
                        interrupted = true;
                        throw new BackendFailure.Interrupted();
                    }
                    // Already claimed: it may commit, so wait for what really happened.
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static SQLException rethrown(Throwable failure) {
        return switch (failure) {
            case SQLException sql -> sql;
            case RuntimeException runtime -> throw runtime;
            case Error error -> throw error;
            default -> new SQLException("write failed", failure);
        };
    }
}
