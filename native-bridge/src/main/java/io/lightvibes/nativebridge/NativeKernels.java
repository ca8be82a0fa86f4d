package io.lightvibes.nativebridge;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.JavaKernels;
import io.lightvibes.sim.driver.KernelArguments;
import io.lightvibes.sim.driver.Kernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Locale;
import java.util.Objects;

/**
 * The kernels of a {@code qmk.h} library. Arguments are checked here exactly as {@link
 * io.lightvibes.sim.driver.JavaKernels} checks them (same exceptions, same messages), so the two
 * are interchangeable; the C side checks again, and a permutation entry out of range, which only
 * C sees, is an {@link IllegalArgumentException} too.
 *
 * <p>Memory-speed kernels read and write the Java arrays in place (critical downcalls on heap
 * segments); the Toeplitz hash copies its operands into a confined arena for the call.
 */
public final class NativeKernels implements Kernels {

    private final QmkLibrary library;

    public NativeKernels(QmkLibrary library) {
        this.library = Objects.requireNonNull(library, "library");
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public long compress(long[] source, long[] keep, long bits, long[] target) {
        KernelArguments.compress(source, keep, bits, target);
        long[] selected = new long[1];
        int status = library.compress(MemorySegment.ofArray(source), MemorySegment.ofArray(keep), bits,
                MemorySegment.ofArray(target), target.length, MemorySegment.ofArray(selected));
        library.check("qmk_compress", status);
        return selected[0];
    }

    @Override
    public long countErrors(long[] a, long[] b, long[] sample, long bits) {
        KernelArguments.countErrors(a, b, sample, bits);
        MemorySegment sampled = sample == null ? MemorySegment.NULL : MemorySegment.ofArray(sample);
        long[] errors = new long[1];
        int status = library.countErrors(MemorySegment.ofArray(a), MemorySegment.ofArray(b), sampled, bits,
                MemorySegment.ofArray(errors));
        library.check("qmk_count_errors", status);
        return errors[0];
    }

    @Override
    public void toeplitzHash(long[] key, long n, long[] seed, long m, long[] out) {
        KernelArguments.toeplitzHash(key, n, seed, m, out);
        int keyWords = Bits.words(n);
        int seedWords = Bits.words(n + m - 1);
        int outWords = Bits.words(m);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nativeKey = arena.allocate(JAVA_LONG, keyWords);
            MemorySegment nativeSeed = arena.allocate(JAVA_LONG, seedWords);
            MemorySegment nativeOut = arena.allocate(JAVA_LONG, outWords);
            MemorySegment.copy(key, 0, nativeKey, JAVA_LONG, 0, keyWords);
            MemorySegment.copy(seed, 0, nativeSeed, JAVA_LONG, 0, seedWords);
            int status = library.toeplitzHash(nativeKey, n, nativeSeed, m, nativeOut, outWords);
            if (status == QmkStatus.NO_MEMORY.code()) {
                throw new OutOfMemoryError("qmk_toeplitz_hash: no native memory for n=" + n + ", m=" + m);
            }
            library.check("qmk_toeplitz_hash", status);
            MemorySegment.copy(nativeOut, JAVA_LONG, 0, out, 0, outWords);
        }
    }

    @Override
    public void blockParities(long[] key, long bits, int[] permutation, int blockSize, long[] out) {
        KernelArguments.blockParities(key, bits, permutation, blockSize, out);
        MemorySegment order = permutation == null ? MemorySegment.NULL : MemorySegment.ofArray(permutation);
        int status = library.blockParities(MemorySegment.ofArray(key), bits, order, blockSize,
                MemorySegment.ofArray(out), out.length);
        checkPositions("qmk_block_parities", status, bits);
    }

    /**
     * Cascade's binary-search steps are short ranges called one by one: below this many positions
     * the Panama call (wrapping the arrays as segments, about half a microsecond measured) costs
     * more than the XORs, so the step runs in Java. Results are identical by the SPI's contract;
     * the parity tests and the conformance suite call the library's own qmk_range_parity directly.
     */
    static final long JAVA_RANGE_BELOW = 1024;
    private static final Kernels JAVA = new JavaKernels();

    @Override
    public int rangeParity(long[] key, int[] permutation, long from, long to) {
        KernelArguments.rangeParity(key, permutation, from, to);
        if (to - from < JAVA_RANGE_BELOW) {
            return JAVA.rangeParity(key, permutation, from, to);
        }
        long keyBits = 64L * key.length;
        MemorySegment order = permutation == null ? MemorySegment.NULL : MemorySegment.ofArray(permutation);
        long length = permutation == null ? 0 : permutation.length;
        int[] parity = new int[1];
        int status = library.rangeParity(MemorySegment.ofArray(key), keyBits, order, length, from, to,
                MemorySegment.ofArray(parity));
        checkPositions("qmk_range_parity", status, keyBits);
        return parity[0];
    }

    @Override
    public String toString() {
        return "NativeKernels[" + library + "]";
    }

    /** After the Java checks, an invalid argument can only be a permutation entry out of range. */
    private void checkPositions(String function, int status, long limit) {
        if (status == QmkStatus.INVALID_ARGUMENT.code()) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s: the permutation holds an entry that is not a position in [0, %d)", function, limit));
        }
        library.check(function, status);
    }
}
