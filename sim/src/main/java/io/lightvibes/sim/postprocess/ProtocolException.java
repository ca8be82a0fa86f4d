package io.lightvibes.sim.postprocess;

/**
 * A message one end cannot accept: out of order, malformed, or naming something outside the key.
 * The message says what mismatched and never carries key material.
 */
public final class ProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }
}
