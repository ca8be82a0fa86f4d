package io.lightvibes.service.store;

/**
 * The store cannot be set up as configured: an unusable database URL, synchronous mode or
 * timeout, or a SQLite directory that cannot be made. Messages never echo a password.
 */
public final class StoreConfigException extends IllegalArgumentException {

    public StoreConfigException(String message) {
        super(message);
    }

    public StoreConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
