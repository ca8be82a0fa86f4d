package io.lightvibes.sim.driver;

/**
 * The bit kernels of the post-processing hot path: sifting, error counting on a sample, Toeplitz
 * privacy amplification and Cascade's parity work.
 *
 * <p>Every implementation (pure Java, native through {@code qmk.h}, a hardware integrator's
 * library) must give bit-identical outputs for the same inputs; the parity tests check it.
 * Arguments are packed bit strings as the package documentation defines. Implementations never
 * keep references to argument arrays after returning and are safe to call from several threads
 * at once on different arrays. Argument errors (negative or inconsistent lengths, arrays too
 * short) throw {@link IllegalArgumentException} before anything is written.
 */
public interface Kernels {

    /** A short name for logs and {@code /lightvibes/health}: {@code "java"}, {@code "native"}, ... */
    String name();

    /**
     * Sifting: copies, in order, the bits of {@code source} at the positions where {@code keep}
     * is 1 into {@code target}, starting at target bit 0; target bits after the last copied one
     * are zeroed (whole words of {@code target} up to {@code words(count)}; later words untouched).
     *
     * @param source the bits to select from, at least {@code bits} long
     * @param keep the selection mask, at least {@code bits} long
     * @param bits how many positions of {@code source} and {@code keep} to read
     * @param target receives the selected bits; must hold {@code words(popcount(keep[0, bits)))}
     * @return how many bits were copied
     */
    long compress(long[] source, long[] keep, long bits, long[] target);

    /**
     * The number of 1 bits of {@code (a XOR b) AND sample} over positions {@code [0, bits)}: the
     * errors two ends see on the positions they disclosed for parameter estimation. Pass
     * {@code sample == null} to count over every position (the Hamming distance).
     */
    long countErrors(long[] a, long[] b, long[] sample, long bits);

    /**
     * Privacy amplification by a Toeplitz matrix over GF(2): {@code out = T(seed) · key}.
     *
     * <p>Convention (shared with the prototype): {@code T[i][j] = seed[i - j + n - 1]} for an
     * {@code m × n} matrix, so {@code out[i] = XOR over j < n of (seed[i - j + n - 1] AND key[j])},
     * which is coefficient {@code i + n - 1} of the GF(2) polynomial product {@code seed(x)·key(x)}.
     *
     * @param key the reconciled key, {@code n} bits
     * @param n key length in bits, at least 1
     * @param seed the public random seed, {@code n + m - 1} bits
     * @param m output length in bits, {@code 1 <= m <= n}
     * @param out receives the {@code m} output bits; at least {@code words(m)} words
     */
    void toeplitzHash(long[] key, long n, long[] seed, long m, long[] out);

    /**
     * Cascade's pass parities: the parity of each block of {@code blockSize} consecutive positions
     * of the key read through {@code permutation}; bit {@code b} of {@code out} is
     * {@code XOR over t in [b·blockSize, min((b+1)·blockSize, bits)) of key[permutation[t]]}.
     *
     * @param key the key, {@code bits} long
     * @param bits key length
     * @param permutation positions of the key in pass order (a permutation of {@code [0, bits)});
     *     {@code null} means the identity (Cascade's first pass)
     * @param blockSize positions per block, at least 1
     * @param out receives {@code ceil(bits / blockSize)} parity bits
     */
    void blockParities(long[] key, long bits, int[] permutation, int blockSize, long[] out);

    /**
     * The parity of {@code key[permutation[t]]} for {@code t} in {@code [from, to)}: one step of
     * Cascade's binary search. {@code permutation == null} means the identity.
     */
    int rangeParity(long[] key, int[] permutation, long from, long to);
}
