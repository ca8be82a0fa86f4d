package io.lightvibes.service.store;

/**
 * The store could not complete an operation; nothing was changed. Messages name what failed and
 * where (the URL without its password), never SQL text, bound values or key material.
 */
public abstract sealed class StoreException extends RuntimeException
        permits StoreUnavailableException, StoreConflictException {

    protected StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
