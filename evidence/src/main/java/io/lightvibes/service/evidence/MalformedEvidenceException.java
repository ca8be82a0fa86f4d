package io.lightvibes.service.evidence;

/**
 * Untrusted evidence does not parse: entry bytes, a checkpoint body, a signed note or a verifier
 * key that breaks its format. The message names the first rule it breaks.
 */
public final class MalformedEvidenceException extends EvidenceException {

    public MalformedEvidenceException(String message) {
        super(message, null);
    }
}
