package io.lightvibes.sim.postprocess;

/**
 * The two ends of a block ended with different final keys (or only one with a key). Verification
 * makes this a probability-epsilon_cor event; the block is discarded, never handed out. The
 * message never contains key material.
 */
public final class KeyAgreementException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public KeyAgreementException(String message) {
        super(message);
    }
}
