package io.lightvibes.service.evidence;

/**
 * The entries or checkpoints of a log could not be read from where they are kept (a server that
 * does not answer as documented, a database that cannot be queried).
 */
public final class EvidenceSourceException extends EvidenceException {

    public EvidenceSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
