package io.lightvibes.benchmarks.kernels;

import io.lightvibes.nativebridge.LibraryProbe;
import io.lightvibes.nativebridge.NativeKernels;
import io.lightvibes.nativebridge.NativeLibraries;
import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.JavaKernels;
import io.lightvibes.sim.driver.Kernels;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;

/** The implementations under test and the random operands the suites share. */
final class KernelInputs {

    private KernelInputs() {
    }

    /** {@code "java"} or {@code "native"} (the packaged library, or LIGHTVIBES_NATIVE_LIBRARY). */
    static Kernels kernels(String implementation) {
        if (implementation.equals("java")) {
            return new JavaKernels();
        }
        String override = System.getenv(NativeLibraries.LIBRARY_VARIABLE);
        LibraryProbe probe = NativeLibraries.probe(Optional.ofNullable(override).map(Path::of));
        return new NativeKernels(probe.library()
                .orElseThrow(() -> new IllegalStateException("no native library: " + probe.detail())));
    }

    /** Random words whose bits are 1 with probability 2^-(thinning + 1): 1/2 for thinning 0. */
    static long[] randomBits(SplittableRandom random, long bits, int thinning) {
        long[] words = new long[Bits.words(bits)];
        for (int w = 0; w < words.length; w++) {
            long word = random.nextLong();
            for (int t = 0; t < thinning; t++) {
                word &= random.nextLong();
            }
            words[w] = word;
        }
        return words;
    }

    /** A uniformly random permutation of [0, size) (Fisher-Yates). */
    static int[] permutation(SplittableRandom random, int size) {
        int[] p = new int[size];
        for (int i = 0; i < size; i++) {
            p[i] = i;
        }
        for (int i = size; i > 1; i--) {
            int j = random.nextInt(i);
            int t = p[i - 1];
            p[i - 1] = p[j];
            p[j] = t;
        }
        return p;
    }
}
