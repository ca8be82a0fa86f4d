package io.lightvibes.nativebridge.check;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.lightvibes.nativebridge.NativeKernels;
import io.lightvibes.nativebridge.QmkLibrary;
import io.lightvibes.nativebridge.QmkStatus;
import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.JavaKernels;
import io.lightvibes.sim.driver.Kernels;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntSupplier;

/**
 * The kernel half: every kernel against {@link JavaKernels} on random inputs of awkward sizes
 * (bit-identical outputs required), and the status codes of bad arguments with the caller's
 * buffers left untouched.
 */
final class KernelConformance {

    private static final long[] SIZES = {1, 2, 63, 64, 65, 127, 128, 129, 1000, 4097, 65_537, 1_000_003};
    private static final long FILL = 0x0123456789abcdefL;

    private final QmkLibrary library;
    private final Kernels expected = new JavaKernels();
    private final Kernels actual;
    private final SplittableRandom random = new SplittableRandom(20_260_101L);
    private final List<CheckResult> results = new ArrayList<>();

    KernelConformance(QmkLibrary library) {
        this.library = library;
        this.actual = new NativeKernels(library);
    }

    List<CheckResult> run() {
        compressAndCount();
        toeplitz();
        parities();
        badArguments();
        return List.copyOf(results);
    }

    private void compressAndCount() {
        for (long bits : SIZES) {
            long[] source = randomBits(bits);
            long[] keep = randomBits(bits);
            long[] sample = randomBits(bits);
            Conformance.check(results, "qmk_compress on " + bits + " bits equals the Java reference", () -> {
                long[] want = filled(Bits.words(bits));
                long[] got = filled(Bits.words(bits));
                long wantCount = expected.compress(source, keep, bits, want);
                long gotCount = actual.compress(source, keep, bits, got);
                return wantCount != gotCount ? "selected " + gotCount + " bits, expected " + wantCount
                        : Conformance.firstDifference(want, got);
            });
            Conformance.check(results, "qmk_count_errors on " + bits + " bits equals the Java reference", () -> {
                long want = expected.countErrors(source, keep, sample, bits);
                long got = actual.countErrors(source, keep, sample, bits);
                long wantAll = expected.countErrors(source, keep, null, bits);
                long gotAll = actual.countErrors(source, keep, null, bits);
                return want == got && wantAll == gotAll ? null
                        : String.format(Locale.ROOT, "counted %d and %d (no sample), expected %d and %d", got, gotAll,
                                want, wantAll);
            });
        }
    }

    private void toeplitz() {
        long[][] shapes = {{1, 1}, {64, 1}, {65, 65}, {129, 64}, {1000, 999}, {4097, 2048}, {65_537, 65_537},
                {100_000, 37_000}, {1_000_003, 250_001}};
        for (long[] shape : shapes) {
            long n = shape[0];
            long m = shape[1];
            long[] key = randomBits(n);
            long[] seed = randomBits(n + m - 1);
            Conformance.check(results, "qmk_toeplitz_hash n=" + n + " m=" + m + " equals the Java reference", () -> {
                long[] want = filled(Bits.words(m));
                long[] got = filled(Bits.words(m));
                expected.toeplitzHash(key, n, seed, m, want);
                actual.toeplitzHash(key, n, seed, m, got);
                return Conformance.firstDifference(want, got);
            });
        }
    }

    private void parities() {
        for (long bits : SIZES) {
            if (bits > 70_000) {
                continue;
            }
            long[] key = randomBits(bits);
            int[] permutation = permutation((int) bits);
            for (int blockSize : new int[] {1, 7, 64, 100, (int) bits}) {
                Conformance.check(results, String.format(Locale.ROOT,
                        "qmk_block_parities on %d bits, blocks of %d, equal the Java reference", bits, blockSize),
                        () -> {
                            long blocks = (bits - 1) / blockSize + 1;
                            for (int[] order : new int[][] {null, permutation}) {
                                long[] want = filled(Bits.words(blocks));
                                long[] got = filled(Bits.words(blocks));
                                expected.blockParities(key, bits, order, blockSize, want);
                                actual.blockParities(key, bits, order, blockSize, got);
                                String difference = Conformance.firstDifference(want, got);
                                if (difference != null) {
                                    return (order == null ? "identity: " : "permuted: ") + difference;
                                }
                            }
                            return null;
                        });
            }
            Conformance.check(results, "qmk_range_parity on " + bits + " bits equals the Java reference", () -> {
                for (int round = 0; round < 100; round++) {
                    long from = random.nextLong(bits + 1);
                    long to = from + random.nextLong(bits - from + 1);
                    for (int[] order : new int[][] {null, permutation}) {
                        int want = expected.rangeParity(key, order, from, to);
                        int got = libraryRangeParity(key, order, from, to);
                        if (want != got) {
                            return String.format(Locale.ROOT, "[%d, %d)%s: parity %d, expected %d", from, to,
                                    order == null ? "" : " permuted", got, want);
                        }
                    }
                }
                return null;
            });
        }
    }

    /**
     * qmk_range_parity itself: NativeKernels answers short ranges in Java (cheaper than the call),
     * and the suite is about the library.
     */
    private int libraryRangeParity(long[] key, int[] order, long from, long to) {
        int[] parity = {-1};
        int status = library.rangeParity(MemorySegment.ofArray(key), 64L * key.length,
                order == null ? MemorySegment.NULL : MemorySegment.ofArray(order), order == null ? 0 : order.length,
                from, to, MemorySegment.ofArray(parity));
        if (status != QmkStatus.OK.code()) {
            throw new IllegalStateException("qmk_range_parity answered " + library.strerror(status));
        }
        return parity[0];
    }

    /** Raw calls with bad arguments: the documented status, and nothing written. */
    private void badArguments() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ones = arena.allocate(JAVA_LONG, 4).fill((byte) 0xff);
            MemorySegment out = arena.allocate(JAVA_LONG, 4);
            MemorySegment count = arena.allocate(JAVA_LONG);
            MemorySegment parity = arena.allocate(JAVA_INT);
            MemorySegment badPermutation = arena.allocateFrom(JAVA_INT, 0, 1, 2, 99);
            MemorySegment nul = MemorySegment.NULL;
            status(arena, out, "qmk_compress with a target too short for the selection", QmkStatus.BUFFER_TOO_SMALL,
                    () -> library.compress(ones, ones, 130, out, 1, count));
            status(arena, out, "qmk_compress with a NULL source", QmkStatus.NULL_POINTER,
                    () -> library.compress(nul, ones, 64, out, 4, count));
            status(arena, out, "qmk_count_errors with a NULL result", QmkStatus.NULL_POINTER,
                    () -> library.countErrors(ones, ones, nul, 64, nul));
            status(arena, out, "qmk_toeplitz_hash with m > n", QmkStatus.INVALID_ARGUMENT,
                    () -> library.toeplitzHash(ones, 10, ones, 11, out, 4));
            status(arena, out, "qmk_toeplitz_hash with n = 0", QmkStatus.INVALID_ARGUMENT,
                    () -> library.toeplitzHash(ones, 0, ones, 0, out, 4));
            status(arena, out, "qmk_toeplitz_hash with an output too short", QmkStatus.BUFFER_TOO_SMALL,
                    () -> library.toeplitzHash(ones, 128, ones, 65, out, 1));
            status(arena, out, "qmk_block_parities with block size 0", QmkStatus.INVALID_ARGUMENT,
                    () -> library.blockParities(ones, 4, nul, 0, out, 4));
            status(arena, out, "qmk_block_parities with a permutation entry out of range",
                    QmkStatus.INVALID_ARGUMENT, () -> library.blockParities(ones, 4, badPermutation, 2, out, 4));
            status(arena, out, "qmk_block_parities with an output too short", QmkStatus.BUFFER_TOO_SMALL,
                    () -> library.blockParities(ones, 200, nul, 1, out, 2));
            status(arena, out, "qmk_range_parity with from > to", QmkStatus.INVALID_ARGUMENT,
                    () -> library.rangeParity(ones, 256, nul, 0, 5, 4, parity));
            status(arena, out, "qmk_range_parity past the key", QmkStatus.INVALID_ARGUMENT,
                    () -> library.rangeParity(ones, 256, nul, 0, 0, 257, parity));
            status(arena, out, "qmk_range_parity with a permutation entry out of range", QmkStatus.INVALID_ARGUMENT,
                    () -> library.rangeParity(ones, 64, badPermutation, 4, 0, 4, parity));
        }
    }

    private void status(Arena arena, MemorySegment out, String name, QmkStatus want, IntSupplier call) {
        Conformance.check(results, name + " answers " + want, () -> {
            out.fill((byte) 0x5a);
            MemorySegment before = arena.allocate(out.byteSize()).copyFrom(out);
            int got = call.getAsInt();
            if (got != want.code()) {
                return "status " + got + " (" + library.strerror(got) + ")";
            }
            return out.mismatch(before) == -1 ? null : "wrote into the output buffer despite the error";
        });
    }

    private long[] randomBits(long bits) {
        long[] words = new long[Bits.words(bits)];
        for (int w = 0; w < words.length; w++) {
            words[w] = random.nextLong(); // tails past `bits` random too: kernels must ignore them
        }
        return words;
    }

    private int[] permutation(int size) {
        int[] p = new int[size];
        Arrays.setAll(p, i -> i);
        for (int i = size; i > 1; i--) {
            int j = random.nextInt(i);
            int t = p[i - 1];
            p[i - 1] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static long[] filled(int words) {
        long[] out = new long[words];
        Arrays.fill(out, FILL);
        return out;
    }
}
