package io.lightvibes.nativebridge;

import java.util.Optional;

/** The library this build packaged, as every test of the bridge uses it. */
final class ShippedLibrary {

    private ShippedLibrary() {
    }

    static QmkLibrary get() {
        LibraryProbe probe = NativeLibraries.probe(Optional.empty());
        return probe.library().orElseThrow(() -> new AssertionError("the packaged library must load: " + probe.detail()));
    }
}
