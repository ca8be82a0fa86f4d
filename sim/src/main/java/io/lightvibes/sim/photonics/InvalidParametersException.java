package io.lightvibes.sim.photonics;

/** Link parameters that no physical link or protocol run can have; the message says which. */
public final class InvalidParametersException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidParametersException(String message) {
        super(message);
    }
}
