package io.lightvibes.nativebridge;

import java.util.Locale;

/** {@code LIGHTVIBES_DRIVER}: which implementation of the driver SPI to run. */
public enum DriverMode {
    /** Native when the library loads, else Java (the reason is logged). */
    AUTO,
    /** Native or refuse to start. */
    NATIVE,
    /** Java only. */
    JAVA;

    /** The variable's name. */
    public static final String VARIABLE = "LIGHTVIBES_DRIVER";

    /**
     * Parses {@code auto}, {@code native} or {@code java} (any case).
     *
     * @throws IllegalArgumentException naming the variable and the accepted values
     */
    public static DriverMode parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "native" -> NATIVE;
            case "java" -> JAVA;
            default -> throw new IllegalArgumentException(
                    VARIABLE + " must be auto, native or java, got '" + value + "'");
        };
    }

    /** The lower-case value, as the variable spells it. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
