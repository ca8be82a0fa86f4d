package io.lightvibes.service.guard;

/** The shared rate-limit store (Redis) did not answer, so the request is refused: 503 with {@code Retry-After}. */
public final class RateLimiterUnavailableException extends RuntimeException {

    private final int retryAfterS;

    RateLimiterUnavailableException(int retryAfterS) {
        super("The shared rate-limit store cannot be reached, so requests are refused until it answers; retry shortly.");
        this.retryAfterS = retryAfterS;
    }

    public int retryAfterS() {
        return retryAfterS;
    }
}
