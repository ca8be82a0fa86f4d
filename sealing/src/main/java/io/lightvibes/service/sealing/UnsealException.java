package io.lightvibes.service.sealing;

/**
 * A sealed key could not be opened: wrong private key or suite, wrong key_ref, a flipped bit, a
 * truncated blob or a bad encoding all give this one exception with this one message, so the
 * failure says nothing about which check failed.
 */
public final class UnsealException extends SealingException {

    public static final String MESSAGE = "The sealed key cannot be opened with this private key and key_ref.";

    public UnsealException() {
        super(MESSAGE, null);
    }
}
