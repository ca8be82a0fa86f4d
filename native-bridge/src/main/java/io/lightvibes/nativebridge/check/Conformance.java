package io.lightvibes.nativebridge.check;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** How the suite runs one check: a failure description or null, and nothing thrown escapes. */
final class Conformance {

    private Conformance() {
    }

    static void check(List<CheckResult> results, String name, Supplier<String> failure) {
        String detail;
        try {
            detail = failure.get();
        } catch (RuntimeException e) {
            detail = "threw " + e;
        }
        results.add(detail == null ? CheckResult.pass(name) : CheckResult.fail(name, detail));
    }

    /** Null when equal, else where the first word differs. */
    static String firstDifference(long[] want, long[] got) {
        for (int w = 0; w < want.length; w++) {
            if (want[w] != got[w]) {
                return String.format(Locale.ROOT, "word %d is %016x, expected %016x (bits %x differ)", w, got[w],
                        want[w], got[w] ^ want[w]);
            }
        }
        return null;
    }
}
