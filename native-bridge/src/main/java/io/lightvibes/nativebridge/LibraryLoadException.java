package io.lightvibes.nativebridge;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The native library is unusable: missing, not loadable, of another ABI version, or lacking a
 * function of {@code qmk.h}.
 */
public final class LibraryLoadException extends NativeBridgeException {

    private final transient Optional<Path> library;

    LibraryLoadException(Optional<Path> library, String message) {
        super(message);
        this.library = library;
    }

    LibraryLoadException(Optional<Path> library, String message, Throwable cause) {
        super(message, cause);
        this.library = library;
    }

    /** The library file involved, if there was one. */
    public Optional<Path> library() {
        return library;
    }
}
