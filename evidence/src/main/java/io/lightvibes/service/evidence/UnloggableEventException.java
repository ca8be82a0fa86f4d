package io.lightvibes.service.evidence;

/**
 * An event cannot become an entry: it names or carries key material, or is not JSON the log can
 * hold. Raised before anything is written, so the operation it records must not happen either.
 */
public final class UnloggableEventException extends EvidenceException {

    public UnloggableEventException(String message) {
        super(message, null);
    }
}
