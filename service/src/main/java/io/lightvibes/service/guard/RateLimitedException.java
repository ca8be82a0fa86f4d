package io.lightvibes.service.guard;

import io.lightvibes.service.config.RateLimit;

/** The peer spent its budget: 429 with {@code Retry-After}. */
public final class RateLimitedException extends RuntimeException {

    private final int retryAfterS;

    RateLimitedException(String peerId, RateLimit limit, int retryAfterS) {
        super("Peer '" + peerId + "' is over its rate limit (" + limit + "); retry after " + retryAfterS
                + " s.");
        this.retryAfterS = retryAfterS;
    }

    /** Whole seconds until a request would be admitted again (at least 1). */
    public int retryAfterS() {
        return retryAfterS;
    }
}
