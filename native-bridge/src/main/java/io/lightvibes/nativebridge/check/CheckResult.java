package io.lightvibes.nativebridge.check;

import java.util.Objects;

/**
 * One check of the conformance suite.
 *
 * @param name what was checked, e.g. "qmk_toeplitz_hash n=100000 m=37000 equals the Java reference"
 * @param passed whether the library passed it
 * @param detail what was seen when it failed (empty when it passed)
 */
public record CheckResult(String name, boolean passed, String detail) {

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }

    static CheckResult pass(String name) {
        return new CheckResult(name, true, "");
    }

    static CheckResult fail(String name, String detail) {
        return new CheckResult(name, false, detail);
    }
}
