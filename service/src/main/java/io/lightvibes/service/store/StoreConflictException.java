package io.lightvibes.service.store;

/** The change collides with stored data (a session_id, key_ref or party that already exists). */
public final class StoreConflictException extends StoreException {

    public StoreConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
