package io.lightvibes.service.evidence;

/**
 * Something about evidence is wrong: an event that may not be logged, bytes or text that are not
 * what the formats of {@code docs/EVIDENCE.md} allow, a stored tree that is missing a node, or a
 * source that cannot be read. Messages say what mismatched and never carry key material.
 */
public abstract sealed class EvidenceException extends RuntimeException
        permits UnloggableEventException,
                MalformedEvidenceException,
                NoteVerificationException,
                StoredNodeException,
                EvidenceSourceException {

    protected EvidenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
