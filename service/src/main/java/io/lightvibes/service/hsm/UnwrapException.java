package io.lightvibes.service.hsm;

/**
 * A wrapped blob did not open: another wrapping key, another context, a flipped bit, a truncated or
 * unknown format all give this one exception with this one message, so the failure tells an
 * attacker nothing about which check failed.
 */
public final class UnwrapException extends HsmException {

    public static final String MESSAGE = "The wrapped key does not open with this wrapping key and context.";

    public UnwrapException() {
        super(MESSAGE, null);
    }
}
