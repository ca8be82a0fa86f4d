package io.lightvibes.service.hsm;

/**
 * A PKCS#11 token failed an operation it should have done (its session was lost, the module
 * refused a mechanism): the message names the token and the operation, never the PIN.
 */
public final class TokenException extends HsmException {

    public TokenException(String message, Throwable cause) {
        super(message, cause);
    }
}
