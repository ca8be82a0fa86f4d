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
        if (exponent <= 127) {
            long[] r = {point.longValue(), point.shiftRight(64).longValue()};
            long[] acc = new long[2];
            long[] product = new long[4];
            int w = blockBits(exponent);
            long[] words = key.words();
            for (long start = 0; start < key.length(); start += w) {
                long[] block = blockAt(words, key.length(), start, w);
                add(acc, block, exponent);
                multiply(acc, r, product);
                reduce(product, exponent, acc);
            }
            return toBigInteger(acc);
        }
        return hashBig(key, point, exponent);
    }

    /** The w-bit block starting at bit {@code start}, MSB-first value, as (low, high) limbs. */
    private static long[] blockAt(long[] words, int length, long start, int w) {
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
            return new long[] {reversedHigh >>> (shift - 64), 0L};
        }
        return new long[] {(reversedLow >>> shift) | (shift == 0 ? 0 : reversedHigh << (64 - shift)), reversedHigh >>> shift};
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

    /** acc = (acc + value) mod p, both below 2^q. */
    private static void add(long[] acc, long[] value, int exponent) {
        long low = acc[0] + value[0];
        long carry = Long.compareUnsigned(low, acc[0]) < 0 ? 1 : 0;
        long high = acc[1] + value[1] + carry;
        long[] wide = {low, high, 0, 0};
        reduce(wide, exponent, acc);
    }

    /** The 256-bit product of two 128-bit values. */
    private static void multiply(long[] a, long[] b, long[] out) {
        long l00 = a[0] * b[0];
        long h00 = Math.unsignedMultiplyHigh(a[0], b[0]);
        long l01 = a[0] * b[1];
        long h01 = Math.unsignedMultiplyHigh(a[0], b[1]);
        long l10 = a[1] * b[0];
        long h10 = Math.unsignedMultiplyHigh(a[1], b[0]);
        long l11 = a[1] * b[1];
        long h11 = Math.unsignedMultiplyHigh(a[1], b[1]);
        out[0] = l00;
        long[] limbs = {0, 0, 0};
        accumulate(limbs, 0, h00);
        accumulate(limbs, 0, l01);
        accumulate(limbs, 0, l10);
        accumulate(limbs, 1, h01);
        accumulate(limbs, 1, h10);
        accumulate(limbs, 1, l11);
        accumulate(limbs, 2, h11);
        out[1] = limbs[0];
        out[2] = limbs[1];
        out[3] = limbs[2];
    }

    /** limbs[at..] += value with carry propagation. */
    private static void accumulate(long[] limbs, int at, long value) {
        for (int i = at; i < limbs.length && value != 0; i++) {
            long sum = limbs[i] + value;
            value = Long.compareUnsigned(sum, limbs[i]) < 0 ? 1 : 0;
            limbs[i] = sum;
        }
    }

    /** out = x mod (2^q - 1) for a 256-bit x, 61 &lt;= q &lt;= 127, by folding the bits above q. */
    private static void reduce(long[] x, int exponent, long[] out) {
        long[] value = x.clone();
        while (true) {
            long[] high = shiftRight(value, exponent);
            if ((high[0] | high[1] | high[2] | high[3]) == 0) {
                break;
            }
            long[] low = {value[0], value[1], 0, 0};
            maskLow(low, exponent);
            long carry = 0;
            for (int i = 0; i < 4; i++) {
                long sum = low[i] + high[i];
                long overflow = Long.compareUnsigned(sum, low[i]) < 0 ? 1 : 0;
                long total = sum + carry;
                overflow |= Long.compareUnsigned(total, sum) < 0 ? 1 : 0;
                value[i] = total;
                carry = overflow;
            }
        }
        // value < 2^q now; the one value equal to p is 0 in the field.
        long[] p = {-1L, -1L, 0, 0};
        maskLow(p, exponent);
        if (value[0] == p[0] && value[1] == p[1]) {
            value[0] = 0;
            value[1] = 0;
        }
        out[0] = value[0];
        out[1] = value[1];
    }

    private static void maskLow(long[] value, int bits) {
        for (int i = 0; i < value.length; i++) {
            int from = i * 64;
            if (bits <= from) {
                value[i] = 0;
            } else if (bits < from + 64) {
                value[i] &= (1L << (bits - from)) - 1;
            }
        }
    }

    private static long[] shiftRight(long[] value, int shift) {
        long[] out = new long[4];
        int words = shift >>> 6;
        int bits = shift & 63;
        for (int i = 0; i + words < 4; i++) {
            long low = value[i + words] >>> bits;
            long high = bits != 0 && i + words + 1 < 4 ? value[i + words + 1] << (64 - bits) : 0L;
            out[i] = low | high;
        }
        return out;
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
