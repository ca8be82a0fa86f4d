package io.lightvibes.nativebridge;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The functions of {@code qmk.h} (ABI version 1) in one loaded library, bound once as method
 * handles and called with {@code invokeExact}. Methods return the raw {@code int} status; {@link
 * NativeKernels} and {@link NativePhotonicsDriver} turn them into Java semantics, the conformance
 * check ({@code check.DriverCheck}) inspects them as they are.
 *
 * <p>Kernels that run at memory speed and never block are bound {@link Linker.Option#critical
 * critical} with heap access, so they take {@code MemorySegment.ofArray(long[])} directly (no
 * copy); the Toeplitz hash and the driver's block simulation can take seconds and are bound as
 * ordinary downcalls (the GC must not wait for them), so their arguments live in native memory.
 */
public final class QmkLibrary {

    /** The ABI version this binding speaks. */
    public static final int ABI_VERSION = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CRITICAL = Linker.Option.critical(true);

    private final Path path;
    private final String implementation;
    private final MethodHandle strerror;
    private final MethodHandle compress;
    private final MethodHandle countErrors;
    private final MethodHandle toeplitzHash;
    private final MethodHandle blockParities;
    private final MethodHandle rangeParity;
    private final MethodHandle driverOpen;
    private final MethodHandle driverConfigure;
    private final MethodHandle driverNextBlock;
    private final MethodHandle driverReadBlock;
    private final MethodHandle driverClose;

    private QmkLibrary(Path path, Binder binder) {
        this.path = path;
        this.strerror = binder.bind("qmk_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
        this.compress = binder.bind("qmk_compress",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS), CRITICAL);
        this.countErrors = binder.bind("qmk_count_errors",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), CRITICAL);
        this.toeplitzHash = binder.bind("qmk_toeplitz_hash",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
        this.blockParities = binder.bind("qmk_block_parities",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG), CRITICAL);
        this.rangeParity = binder.bind("qmk_range_parity",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS),
                CRITICAL);
        this.driverOpen = binder.bind("qmk_driver_open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        this.driverConfigure = binder.bind("qmk_driver_configure",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
        this.driverNextBlock = binder.bind("qmk_driver_next_block",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        this.driverReadBlock = binder.bind("qmk_driver_read_block",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS),
                CRITICAL);
        this.driverClose = binder.bind("qmk_driver_close", FunctionDescriptor.ofVoid(ADDRESS));
        MethodHandle describe = binder.bind("qmk_implementation", FunctionDescriptor.of(ADDRESS));
        try {
            this.implementation = cString((MemorySegment) describe.invokeExact());
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Loads the library at {@code path} for the lifetime of {@code arena} (closing the arena
     * unloads it), checks its ABI version and binds every function.
     *
     * @throws LibraryLoadException if the file is missing or not loadable, its ABI version is
     *     not {@value #ABI_VERSION}, or a function is missing
     */
    public static QmkLibrary load(Path path, Arena arena) {
        Optional<Path> where = Optional.of(path);
        if (!Files.isRegularFile(path)) {
            throw new LibraryLoadException(where, "no native library at " + path);
        }
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(path, arena);
        } catch (IllegalArgumentException e) {
            throw new LibraryLoadException(where, "cannot load " + path + ": " + e.getMessage(), e);
        }
        var binder = new Binder(path, lookup);
        MethodHandle version = binder.bind("qmk_abi_version", FunctionDescriptor.of(JAVA_INT));
        int abi;
        try {
            abi = (int) version.invokeExact();
        } catch (Throwable t) {
            throw unexpected(t);
        }
        if (abi != ABI_VERSION) {
            throw new LibraryLoadException(where, String.format(Locale.ROOT,
                    "%s speaks qmk ABI version %d; this LIGHTVIBES needs version %d", path,
                    Integer.toUnsignedLong(abi), ABI_VERSION));
        }
        return new QmkLibrary(path, binder);
    }

    /** The library file. */
    public Path path() {
        return path;
    }

    /** What {@code qmk_implementation()} says about the library. */
    public String implementation() {
        return implementation;
    }

    /** {@code qmk_strerror(status)}. */
    public String strerror(int status) {
        try {
            return cString((MemorySegment) strerror.invokeExact(status));
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** A {@link NativeStatusException} for {@code status} returned by {@code function}. */
    NativeStatusException failure(String function, int status, String detail) {
        String text = detail.isEmpty() ? strerror(status) : strerror(status) + " (" + detail + ")";
        return new NativeStatusException(function, QmkStatus.of(status), function + ": " + text);
    }

    /** Throws the status as a {@link NativeStatusException} unless it is {@code QMK_OK}. */
    void check(String function, int status) {
        if (status != QmkStatus.OK.code()) {
            throw failure(function, status, "");
        }
    }

    public int compress(MemorySegment source, MemorySegment keep, long bits, MemorySegment target, long targetWords,
            MemorySegment selected) {
        try {
            return (int) compress.invokeExact(source, keep, bits, target, targetWords, selected);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public int countErrors(MemorySegment a, MemorySegment b, MemorySegment sample, long bits, MemorySegment errors) {
        try {
            return (int) countErrors.invokeExact(a, b, sample, bits, errors);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Not critical: every segment must be native memory. */
    public int toeplitzHash(MemorySegment key, long n, MemorySegment seed, long m, MemorySegment out, long outWords) {
        try {
            return (int) toeplitzHash.invokeExact(key, n, seed, m, out, outWords);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public int blockParities(MemorySegment key, long bits, MemorySegment permutation, int blockSize,
            MemorySegment out, long outWords) {
        try {
            return (int) blockParities.invokeExact(key, bits, permutation, blockSize, out, outWords);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public int rangeParity(MemorySegment key, long keyBits, MemorySegment permutation, long permutationLength,
            long from, long to, MemorySegment parity) {
        try {
            return (int) rangeParity.invokeExact(key, keyBits, permutation, permutationLength, from, to,
                parity);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Not critical: config, the handle out-parameter and message are native memory. */
    public int driverOpen(MemorySegment config, MemorySegment driverOut, MemorySegment message, long capacity) {
        try {
            return (int) driverOpen.invokeExact(config, driverOut, message, capacity);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public int driverConfigure(MemorySegment driver, MemorySegment config, MemorySegment message, long capacity) {
        try {
            return (int) driverConfigure.invokeExact(driver, config, message, capacity);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Not critical (it simulates a whole block): pulses and detections are native memory. */
    public int driverNextBlock(MemorySegment driver, MemorySegment pulses, MemorySegment detections) {
        try {
            return (int) driverNextBlock.invokeExact(driver, pulses, detections);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public int driverReadBlock(MemorySegment driver, long capacity, MemorySegment intensity, MemorySegment aliceBasisZ,
            MemorySegment aliceBit, MemorySegment bobBasisZ, MemorySegment bobBit) {
        try {
            return (int) driverReadBlock.invokeExact(driver, capacity, intensity, aliceBasisZ, aliceBit,
                bobBasisZ, bobBit);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    public void driverClose(MemorySegment driver) {
        try {
            driverClose.invokeExact(driver);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public String toString() {
        return path + " (" + implementation + ")";
    }

    static String cString(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? "" : pointer.reinterpret(4096).getString(0);
    }

    /** Downcalls throw nothing checked: anything else thrown is an error of the bridge itself. */
    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof Error error) {
            throw error;
        }
        return t instanceof RuntimeException runtime ? runtime : new IllegalStateException("native call failed", t);
    }

    /** Finds and binds the symbols of one library, naming the one that is missing. */
    private record Binder(Path path, SymbolLookup lookup) {
        MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
            MemorySegment symbol = lookup.find(name).orElseThrow(() -> new LibraryLoadException(Optional.of(path),
                    path + " lacks " + name + "() of qmk.h ABI version " + ABI_VERSION));
            return LINKER.downcallHandle(symbol, descriptor, options);
        }
    }
}
