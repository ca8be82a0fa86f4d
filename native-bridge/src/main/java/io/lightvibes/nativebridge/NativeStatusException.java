package io.lightvibes.nativebridge;

/** A {@code qmk_*} function returned an error status. */
public final class NativeStatusException extends NativeBridgeException {

    private final String function;
    private final QmkStatus status;

    NativeStatusException(String function, QmkStatus status, String message) {
        super(message);
        this.function = function;
        this.status = status;
    }

    /** The C function that failed, e.g. {@code "qmk_driver_open"}. */
    public String function() {
        return function;
    }

    /** Its status. */
    public QmkStatus status() {
        return status;
    }
}
