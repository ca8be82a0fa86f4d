package io.lightvibes.service.keys;

/**
 * The key_ref is unknown, already delivered, expired, revoked or not the caller's. One message for
 * every cause, so the answer reveals nothing about the key_ref.
 */
public final class KeyNotFoundException extends KeyServiceException {

    public static final String MESSAGE = "No key is available for this key_ref.";

    public KeyNotFoundException() {
        super(MESSAGE);
    }
}
