package io.lightvibes.nativebridge.check;

import io.lightvibes.nativebridge.LibraryLoadException;
import io.lightvibes.nativebridge.QmkLibrary;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The conformance suite behind {@code lightvibes driver check --library PATH}: loads any library,
 * checks its ABI version, runs every {@code qmk.h} function against the Java reference and the
 * ABI's documented statuses, and sanity-checks a block of detections. A hardware integrator runs
 * it on their library before pointing {@code LIGHTVIBES_NATIVE_LIBRARY} at it.
 *
 * <p>The library runs in this process: one that corrupts memory or crashes takes the check with it
 * (that too is a failed check, if a rough one).
 */
public final class DriverCheck {

    private DriverCheck() {
    }

    /** Runs the suite on the library at {@code library}; the library is unloaded afterwards. */
    public static CheckReport run(Path library) {
        Objects.requireNonNull(library, "library");
        List<CheckResult> results = new ArrayList<>();
        try (Arena arena = Arena.ofShared()) {
            QmkLibrary loaded;
            try {
                loaded = QmkLibrary.load(library, arena);
            } catch (LibraryLoadException e) {
                results.add(CheckResult.fail("the library loads, speaks qmk ABI version " + QmkLibrary.ABI_VERSION
                        + " and exports every function", e.getMessage()));
                return new CheckReport(library, "", results);
            }
            results.add(CheckResult.pass("the library loads, speaks qmk ABI version " + QmkLibrary.ABI_VERSION
                    + " and exports every function"));
            Conformance.check(results, "qmk_strerror names every status code", () -> {
                for (int code = 0; code >= -8; code--) {
                    if (!loaded.strerror(code).startsWith("QMK_")) {
                        return "qmk_strerror(" + code + ") = '" + loaded.strerror(code) + "'";
                    }
                }
                return null;
            });
            results.addAll(new KernelConformance(loaded).run());
            results.addAll(new DriverConformance(loaded).run());
            return new CheckReport(library, loaded.implementation(), results);
        }
    }
}
