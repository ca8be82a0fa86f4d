package io.lightvibes.service.sealing;

/** A recipient key file cannot be read or holds the wrong kind of key; the message names the file. */
public final class RecipientKeyException extends SealingException {

    public RecipientKeyException(String message) {
        super(message, null);
    }

    public RecipientKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
