package io.lightvibes.nativebridge;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the native library: the file {@code LIGHTVIBES_NATIVE_LIBRARY} names, else the copy this
 * jar carries (built from {@code c/} by the Maven build), extracted to a private temporary file
 * and removed again once loaded. A missing or unusable library is an answer, never an exception:
 * the caller decides whether to fall back (see {@link Drivers}).
 */
public final class NativeLibraries {

    /** The environment variable that points at an integrator's library. */
    public static final String LIBRARY_VARIABLE = "LIGHTVIBES_NATIVE_LIBRARY";

    private static final System.Logger LOG = System.getLogger(NativeLibraries.class.getName());

    private NativeLibraries() {
    }

    /** The library at {@code override} if present, else the packaged one (extracted once per JVM). */
    public static LibraryProbe probe(Optional<Path> override) {
        if (override.isPresent()) {
            Path path = override.get();
            try {
                return LibraryProbe.loaded(QmkLibrary.load(path, Arena.global()), LIBRARY_VARIABLE + "=" + path);
            } catch (LibraryLoadException e) {
                return LibraryProbe.failed(e.getMessage());
            }
        }
        return Packaged.PROBE;
    }

    /** Where in this jar the library for this platform lives, relative to this package. */
    static String packagedResource() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux") ? "linux"
                : System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT).replace(' ', '-');
        return "native/" + os + "-" + System.getProperty("os.arch", "unknown") + "/libqmk.so";
    }

    /** The packaged library, looked for once: the holder class initialises on first use. */
    private static final class Packaged {
        static final LibraryProbe PROBE = loadPackaged();

        private static LibraryProbe loadPackaged() {
            if (!NativeLibraries.class.getModule().isNativeAccessEnabled()) {
                LOG.log(System.Logger.Level.WARNING, "native access is not enabled for the LIGHTVIBES native bridge; "
                        + "run java with --enable-native-access=ALL-UNNAMED to silence the JDK's warning");
            }
            String resource = packagedResource();
            try (InputStream in = NativeLibraries.class.getResourceAsStream(resource)) {
                if (in == null) {
                    return LibraryProbe.failed("this build carries no native library for " + resource
                            + "; set " + LIBRARY_VARIABLE + " to one");
                }
                Path directory = Files.createTempDirectory("lightvibes-native-",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Path file = directory.resolve("libqmk.so");
                try {
                    Files.copy(in, file);
                    // Once mapped, the file is no longer needed: nothing is left behind in /tmp.
                    return LibraryProbe.loaded(QmkLibrary.load(file, Arena.global()), "packaged " + resource);
                } finally {
                    Files.deleteIfExists(file);
                    Files.deleteIfExists(directory);
                }
            } catch (IOException | UnsupportedOperationException e) {
                return LibraryProbe.failed("cannot extract the packaged native library: " + e.getMessage());
            } catch (LibraryLoadException e) {
                return LibraryProbe.failed("the packaged native library does not load: " + e.getMessage());
            }
        }
    }
}
