package io.lightvibes.service.identity;

/**
 * The request did not prove who sent it: 401. The message says what was missing or wrong in words
 * a caller can act on, never which registered names exist or anything of a credential.
 */
public final class UnauthenticatedException extends RuntimeException {

    private final String challenge;

    /**
     * @param challenge the {@code WWW-Authenticate} scheme to offer, e.g. {@code Bearer}
     * @param message what was wrong
     */
    public UnauthenticatedException(String challenge, String message) {
        super(message);
        this.challenge = challenge;
    }

    /** The {@code WWW-Authenticate} value of the 401. */
    public String challenge() {
        return challenge;
    }
}
