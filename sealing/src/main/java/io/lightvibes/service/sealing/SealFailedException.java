package io.lightvibes.service.sealing;

/** Sealing to a recipient key failed (a defect or an unusable key); names the key id, never bytes. */
public final class SealFailedException extends SealingException {

    public SealFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
