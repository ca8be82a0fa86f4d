package io.lightvibes.sim.postprocess;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The polynomial hash of the verification step over the prime field GF(p), p = 2^q - 1 a
 * Mersenne prime. The key is cut into L blocks m_1 ... m_L of w = 8 floor((q - 1)/8) bits (whole
 * bytes, so every block is below p), read most significant bit first (the key's first bit is the
 * top bit of m_1; the last block is zero-padded at its end), and hashed as
 * h_r(m) = m_1 r^L + m_2 r^(L-1) + ... + m_L r (mod p) by Horner's rule.
 *
 * <p>For q &lt;= 127 the arithmetic runs on two 64-bit limbs with Mersenne folding
 * (x mod 2^q - 1 = (x mod 2^q) + (x &gt;&gt; q)); larger fields use {@link BigInteger}.
 */
final class PolynomialHash {

    /** Mersenne exponents q (2^q - 1 prime) offered for the hash field, smallest first. */
    static final int[] MERSENNE_EXPONENTS = {61, 89, 107, 127, 521, 607, 1279};

    private PolynomialHash() {
    }

    /** Block width w: whole bytes, strictly below q. */
    static int blockBits(int exponent) {
        return 8 * ((exponent - 1) / 8);
    }

    /** Number of blocks of a key of {@code keyBits} bits. */
    static long blocks(long keyBits, int exponent) {
        long w = blockBits(exponent);
        return (keyBits + w - 1) / w;
    }

    /** h_r(key) for the point {@code point} in [0, 2^q - 1). */
    static BigInteger hash(BitString key, BigInteger point, int exponent) {
        if (exponent > 127) {
            return hashBig(key, point, exponent);
        }
        int w = blockBits(exponent);
        long[] words = key.words();
        long[] block = new long[2];
        long[] acc = new long[2];
        long r0 = point.longValue();
        long r1 = point.shiftRight(64).longValue();
        for (long start = 0; start < key.length(); start += w) {
            blockAt(words, key.length(), start, w, block);
            // acc = (acc + block) * r mod p; both summands are below 2^q, so the sum has q + 1 bits.
            long s0 = acc[0] + block[0];
            long s1 = acc[1] + block[1] + (Long.compareUnsigned(s0, acc[0]) < 0 ? 1 : 0);
            multiplyReduce(s0, s1, r0, r1, exponent, acc);
        }
        return toBigInteger(canonical(acc, exponent));
    }

    /**
     * out = (a1:a0) * (b1:b0) mod (2^q - 1) for a, b &lt; 2^(q+1) and 61 &lt;= q &lt;= 127: the 256-bit
     * product, then Mersenne folding x = (x mod 2^q) + (x &gt;&gt; q) until nothing is above bit q.
     * The result is below 2^q but may equal p (see {@link #canonical}).
     */
    private static void multiplyReduce(long a0, long a1, long b0, long b1, int q, long[] out) {
        long lo00 = a0 * b0;
        long hi00 = Math.unsignedMultiplyHigh(a0, b0);
        long lo01 = a0 * b1;
        long hi01 = Math.unsignedMultiplyHigh(a0, b1);
        long lo10 = a1 * b0;
        long hi10 = Math.unsignedMultiplyHigh(a1, b0);
        long lo11 = a1 * b1;
        long hi11 = Math.unsignedMultiplyHigh(a1, b1);
        long x0 = lo00;
        long t = hi00 + lo01;
        long carry = Long.compareUnsigned(t, hi00) < 0 ? 1 : 0;
        long x1 = t + lo10;
        carry += Long.compareUnsigned(x1, t) < 0 ? 1 : 0;
        long u = hi01 + hi10;
        long carry2 = Long.compareUnsigned(u, hi01) < 0 ? 1 : 0;
        long v = u + lo11;
        carry2 += Long.compareUnsigned(v, u) < 0 ? 1 : 0;
        long x2 = v + carry;
        carry2 += Long.compareUnsigned(x2, v) < 0 ? 1 : 0;
        long x3 = hi11 + carry2;
        while (true) {
            // high = x >> q, low = x mod 2^q; q >= 61 so x >> q starts in limb 0 (q < 64) or 1.
            long h0;
            long h1;
            long h2;
            long l0 = x0;
            long l1;
            if (q < 64) {
                h0 = (x0 >>> q) | (x1 << (64 - q));
                h1 = (x1 >>> q) | (x2 << (64 - q));
                h2 = (x2 >>> q) | (x3 << (64 - q));
                long h3 = x3 >>> q;
                if ((h0 | h1 | h2 | h3) == 0) {
                    break;
                }
                l0 = x0 & ((1L << q) - 1);
                l1 = 0;
                long r0 = l0 + h0;
                long c0 = Long.compareUnsigned(r0, l0) < 0 ? 1 : 0;
                long r1 = h1 + c0;
                long c1 = Long.compareUnsigned(r1, h1) < 0 ? 1 : 0;
                long r2 = h2 + c1;
                long c2 = Long.compareUnsigned(r2, h2) < 0 ? 1 : 0;
                x0 = r0;
                x1 = r1;
                x2 = r2;
                x3 = h3 + c2;
                continue;
            }
            int shift = q - 64;
            if (shift == 0) {
                h0 = x2;
                h1 = x3;
                h2 = 0;
            } else {
                h0 = (x1 >>> shift) | (x2 << (64 - shift));
                h1 = (x2 >>> shift) | (x3 << (64 - shift));
                h2 = x3 >>> shift;
            }
            if ((h0 | h1 | h2) == 0) {
                break;
            }
            l1 = shift == 0 ? x1 : x1 & ((1L << shift) - 1);
            long r0 = l0 + h0;
            long c0 = Long.compareUnsigned(r0, l0) < 0 ? 1 : 0;
            long t1 = l1 + h1;
            long c1 = Long.compareUnsigned(t1, l1) < 0 ? 1 : 0;
            long r1 = t1 + c0;
            c1 += Long.compareUnsigned(r1, t1) < 0 ? 1 : 0;
            x0 = r0;
            x1 = r1;
            x2 = h2 + c1;
            x3 = 0;
        }
        out[0] = x0;
        out[1] = x1;
    }

    /** The representative in [0, p): a value below 2^q equal to p = 2^q - 1 is 0. */
    private static long[] canonical(long[] value, int q) {
        long p0 = q >= 64 ? -1L : (1L << q) - 1;
        long p1 = q > 64 ? (1L << (q - 64)) - 1 : 0L;
        if (value[0] == p0 && value[1] == p1) {
            return new long[] {0L, 0L};
        }
        return value;
    }

    /** The w-bit block starting at bit {@code start}, MSB-first value, into (low, high) limbs. */
    private static void blockAt(long[] words, int length, long start, int w, long[] out) {
        // Read w bits LSB-first into a 128-bit (low, high) pair, then reverse them within w bits.
        long low = bitsAt(words, length, start);
        long high = w > 64 ? bitsAt(words, length, start + 64) : 0L;
        if (w < 64) {
            low &= (1L << w) - 1;
        } else if (w < 128) {
            high &= (1L << (w - 64)) - 1;
        }
        long reversedHigh = Long.reverse(low);
        long reversedLow = Long.reverse(high);
        int shift = 128 - w;
        if (shift >= 64) {
            out[0] = reversedHigh >>> (shift - 64);
            out[1] = 0L;
        } else {
            out[0] = (reversedLow >>> shift) | (shift == 0 ? 0 : reversedHigh << (64 - shift));
            out[1] = reversedHigh >>> shift;
        }
    }

    /** The 64 bits starting at bit {@code start} (zero past the key). */
    private static long bitsAt(long[] words, int length, long start) {
        if (start >= length) {
            return 0L;
        }
        int word = (int) (start >>> 6);
        int offset = (int) (start & 63);
        long value = words[word] >>> offset;
        if (offset != 0 && word + 1 < words.length) {
            value |= words[word + 1] << (64 - offset);
        }
        return value;
    }

    private static BigInteger toBigInteger(long[] limbs) {
        byte[] bytes = new byte[17];
        for (int i = 0; i < 8; i++) {
            bytes[16 - i] = (byte) (limbs[0] >>> (8 * i));
            bytes[8 - i] = (byte) (limbs[1] >>> (8 * i));
        }
        return new BigInteger(bytes);
    }

    private static BigInteger hashBig(BitString key, BigInteger point, int exponent) {
        BigInteger modulus = BigInteger.ONE.shiftLeft(exponent).subtract(BigInteger.ONE);
        int widthBytes = blockBits(exponent) / 8;
        byte[] packed = key.toBytesMsbFirst();
        BigInteger acc = BigInteger.ZERO;
        for (int offset = 0; offset < packed.length; offset += widthBytes) {
            byte[] block = Arrays.copyOfRange(packed, offset, offset + widthBytes);
            acc = acc.add(new BigInteger(1, block)).multiply(point).mod(modulus);
        }
        return acc;
    }
}
