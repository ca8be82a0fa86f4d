package io.lightvibes.service.evidence;

/**
 * A well-formed signed note is refused: a known key's signature does not verify, two known keys
 * share a name and key ID, or no known key signed it (c2sp.org/signed-note).
 */
public final class NoteVerificationException extends EvidenceException {

    public NoteVerificationException(String message) {
        super(message, null);
    }
}
