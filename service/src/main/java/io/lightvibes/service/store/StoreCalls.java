package io.lightvibes.service.store;

import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Runs transaction bodies on a store's backend (looked up at each call, so the store may open
 * later) and translates driver failures into {@link StoreException}s naming what was being done.
 */
final class StoreCalls {

    private final Supplier<Backend> backend;
    private final StoreErrors errors;

    StoreCalls(Supplier<Backend> backend, StoreErrors errors) {
        this.backend = backend;
        this.errors = errors;
    }

    <T> T write(String doing, Transaction<T> body) {
        try {
            return backend.get().write(body);
        } catch (SQLException e) {
            throw errors.translate(e, doing);
        }
    }

    <T> T read(String doing, Transaction<T> body) {
        try {
            return backend.get().read(body);
        } catch (SQLException e) {
            throw errors.translate(e, doing);
        }
    }
}
