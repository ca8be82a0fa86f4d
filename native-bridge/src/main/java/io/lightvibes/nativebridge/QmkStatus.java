package io.lightvibes.nativebridge;

/** The status codes of {@code qmk.h}; values are part of ABI version 1. */
public enum QmkStatus {
    OK(0),
    NULL_POINTER(-1),
    INVALID_ARGUMENT(-2),
    BUFFER_TOO_SMALL(-3),
    CONFIG(-4),
    NO_MEMORY(-5),
    STATE(-6),
    DEVICE(-7),
    UNSUPPORTED(-8),
    /** A code this ABI version does not define: a broken library. */
    UNKNOWN(Integer.MIN_VALUE);

    private final int code;

    QmkStatus(int code) {
        this.code = code;
    }

    /** The C value. */
    public int code() {
        return code;
    }

    /** The status of a C value; {@link #UNKNOWN} for one the ABI does not define. */
    public static QmkStatus of(int code) {
        for (QmkStatus status : values()) {
            if (status.code == code) {
                return status;
            }
        }
        return UNKNOWN;
    }
}
