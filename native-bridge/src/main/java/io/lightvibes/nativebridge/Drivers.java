package io.lightvibes.nativebridge;

import io.lightvibes.sim.driver.JavaKernels;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses, once at start-up, between the native library and the pure-Java simulator, as {@code
 * LIGHTVIBES_DRIVER} says: {@code auto} takes native when the library loads and otherwise Java,
 * logging why; {@code native} refuses to start without it; {@code java} never touches native
 * code. The Java photonics driver lives in {@code sim}; the caller passes its factory in.
 */
public final class Drivers {

    private static final System.Logger LOG = System.getLogger(Drivers.class.getName());

    private Drivers() {
    }

    /**
     * The selection for {@code mode}.
     *
     * @param libraryOverride {@code LIGHTVIBES_NATIVE_LIBRARY}, if set
     * @param javaDrivers opens the Java simulator's drivers
     * @throws LibraryLoadException in mode {@code native} when the library does not load
     */
    public static DriverSelection select(DriverMode mode, Optional<Path> libraryOverride,
            PhotonicsDriverFactory javaDrivers) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(javaDrivers, "javaDrivers");
        String setting = DriverMode.VARIABLE + "=" + mode.value();
        if (mode == DriverMode.JAVA) {
            return java(setting, javaDrivers);
        }
        LibraryProbe probe = NativeLibraries.probe(libraryOverride);
        if (probe.library().isPresent()) {
            QmkLibrary library = probe.library().get();
            var selection = new DriverSelection("native", setting + ": " + probe.detail(), new NativeKernels(library),
                    seed -> new NativePhotonicsDriver(library, seed));
            LOG.log(System.Logger.Level.INFO, "photonics driver and kernels: native ({0})", selection.reason());
            return selection;
        }
        if (mode == DriverMode.NATIVE) {
            throw new LibraryLoadException(libraryOverride, setting + " but the native library is unusable: "
                    + probe.detail() + ". Point " + NativeLibraries.LIBRARY_VARIABLE
                    + " at a qmk.h library, or set " + DriverMode.VARIABLE + "=auto or java.");
        }
        DriverSelection selection = java(setting + ": native library unusable (" + probe.detail()
                + "), using the Java simulator", javaDrivers);
        LOG.log(System.Logger.Level.WARNING, "photonics driver and kernels: java ({0})", selection.reason());
        return selection;
    }

    private static DriverSelection java(String reason, PhotonicsDriverFactory javaDrivers) {
        return new DriverSelection("java", reason, new JavaKernels(), javaDrivers);
    }
}
