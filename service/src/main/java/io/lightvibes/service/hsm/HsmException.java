package io.lightvibes.service.hsm;

/** Wrapping, unwrapping or using a token failed. Messages never carry key bytes or the PIN. */
public abstract sealed class HsmException extends RuntimeException permits UnwrapException, TokenException {

    protected HsmException(String message, Throwable cause) {
        super(message, cause);
    }
}
