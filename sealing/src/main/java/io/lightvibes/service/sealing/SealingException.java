package io.lightvibes.service.sealing;

/** Sealing, opening or reading a recipient key failed. Messages never contain key bytes. */
public abstract sealed class SealingException extends RuntimeException
        permits RecipientKeyException, UnsealException, SealFailedException {

    protected SealingException(String message, Throwable cause) {
        super(message, cause);
    }
}
