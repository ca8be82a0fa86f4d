package io.lightvibes.service.keys;

/** Neither the QKD link nor an allowed fallback can serve the request now; retry after a while. */
public final class KeySourceUnavailableException extends KeyServiceException {

    private final int retryAfterS;

    public KeySourceUnavailableException(String message, int retryAfterS) {
        super(message);
        this.retryAfterS = retryAfterS;
    }

    /** Seconds a client should wait before retrying. */
    public int retryAfterS() {
        return retryAfterS;
    }
}
