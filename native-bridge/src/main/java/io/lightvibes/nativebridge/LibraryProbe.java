package io.lightvibes.nativebridge;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of looking for the native library: the loaded library, or nothing and why.
 *
 * @param library the library, when it loaded
 * @param detail what was loaded from where, or the reason nothing was (for logs and health)
 */
public record LibraryProbe(Optional<QmkLibrary> library, String detail) {

    public LibraryProbe {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(detail, "detail");
    }

    static LibraryProbe loaded(QmkLibrary library, String origin) {
        return new LibraryProbe(Optional.of(library), origin + ": " + library.implementation());
    }

    static LibraryProbe failed(String reason) {
        return new LibraryProbe(Optional.empty(), reason);
    }
}
