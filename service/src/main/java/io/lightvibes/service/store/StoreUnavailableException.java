package io.lightvibes.service.store;

/** The database cannot be reached, is busy past the timeout, or refused the write; retry later. */
public final class StoreUnavailableException extends StoreException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
