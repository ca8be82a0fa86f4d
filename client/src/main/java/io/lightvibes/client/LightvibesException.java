package io.lightvibes.client;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * What went wrong talking to LIGHTVIBES. The subclasses say which kind of answer it was; each
 * carries the HTTP status (0 when no answer came), the problem's {@code type} and its detail, which
 * the server writes for people to act on.
 */
public sealed class LightvibesException extends RuntimeException permits LightvibesException.NotFound,
        LightvibesException.Unauthenticated, LightvibesException.Forbidden, LightvibesException.Invalid,
        LightvibesException.RateLimited, LightvibesException.Unavailable, LightvibesException.Transport,
        LightvibesException.Unsealing {

    private final int status;
    private final Optional<String> problemType;

    LightvibesException(int status, Optional<String> problemType, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.problemType = problemType;
    }

    /** The HTTP status, or 0 when the server gave no answer. */
    public int status() {
        return status;
    }

    /** The RFC 9457 problem's {@code type}, when the server sent one. */
    public Optional<String> problemType() {
        return problemType;
    }

    /** 404: no such key for this caller (never fetched by it, already fetched, expired or revoked). */
    public static final class NotFound extends LightvibesException {
        NotFound(Optional<String> type, String message) {
            super(404, type, message, null);
        }
    }

    /** 401: no, bad or revoked credentials. */
    public static final class Unauthenticated extends LightvibesException {
        Unauthenticated(Optional<String> type, String message) {
            super(401, type, message, null);
        }
    }

    /** 403: a policy of the server's guard denied the request. */
    public static final class Forbidden extends LightvibesException {
        Forbidden(Optional<String> type, String message) {
            super(403, type, message, null);
        }
    }

    /** Another 4xx: the request itself is wrong (the message says which field and why). */
    public static final class Invalid extends LightvibesException {
        Invalid(int status, Optional<String> type, String message) {
            super(status, type, message, null);
        }
    }

    /** 429: over this caller's rate limit; wait {@link #retryAfterS()}. */
    public static final class RateLimited extends LightvibesException {
        private final OptionalInt retryAfterS;

        RateLimited(Optional<String> type, String message, OptionalInt retryAfterS) {
            super(429, type, message, null);
            this.retryAfterS = retryAfterS;
        }

        public OptionalInt retryAfterS() {
            return retryAfterS;
        }
    }

    /** 503 (still, after the retries) or another 5xx: nothing was changed; try again later. */
    public static final class Unavailable extends LightvibesException {
        Unavailable(int status, Optional<String> type, String message) {
            super(status, type, message, null);
        }
    }

    /** No answer: the connection failed, timed out or was interrupted. */
    public static final class Transport extends LightvibesException {
        Transport(String message, Throwable cause) {
            super(0, Optional.empty(), message, cause);
        }
    }

    /** The key arrived but does not open with this client's recipient key (wrong key, or tampered). */
    public static final class Unsealing extends LightvibesException {
        Unsealing(String message, Throwable cause) {
            super(200, Optional.empty(), message, cause);
        }
    }
}
