package io.lightvibes.sim.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.photonics.RandomSources;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Verification by polynomial hashing: equal keys pass, any difference fails, the tag is counted. */
class VerificationTest {

    static BitString key(long seed, int size) {
        var random = new SplittableRandom(seed);
        long[] words = new long[Bits.words(size)];
        for (int i = 0; i < words.length; i++) {
            words[i] = random.nextLong();
        }
        return BitString.wrap(words, size);
    }

    static ClassicalChannel link(Verification.Alice alice) {
        var channel = new ClassicalChannel();
        channel.attach(Role.ALICE, alice::onMessage);
        return channel;
    }

    @Test
    void equalKeysPassAndTheTagIsTheDisclosure() {
        BitString key = key(1, 100_000);
        var alice = new Verification.Alice(key);
        var channel = link(alice);
        var result = Verification.verifyBob(key.copy(), channel, RandomSources.seeded(2), 1e-15);
        assertThat(result.ok()).isTrue();
        assertThat(alice.verified()).contains(true);
        assertThat(result.epsilonCor()).isLessThanOrEqualTo(1e-15);
        assertThat(channel.stats().disclosedBits()).isEqualTo(result.tagBits());
        assertThat(channel.stats().messages()).isEqualTo(3); // point, tag, result
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 55, 56, 63, 64, 50_000, 99_999})
    void oneBitDifferenceFails(int position) {
        BitString key = key(3, 100_000);
        BitString bob = key.copy();
        bob.words()[position >>> 6] ^= 1L << (position & 63);
        for (double epsilon : new double[] {1e-12, 1e-30, 1e-200}) {
            var alice = new Verification.Alice(key);
            var result = Verification.verifyBob(bob, link(alice), RandomSources.seeded(position), epsilon);
            assertThat(result.ok()).isFalse();
            assertThat(alice.verified()).contains(false);
        }
    }

    @Test
    void tighterEpsilonTakesALargerField() {
        BitString key = key(4, 1_000_000);
        var loose = Verification.verifyBob(key, link(new Verification.Alice(key)), RandomSources.seeded(0), 1e-9);
        var tight = Verification.verifyBob(key, link(new Verification.Alice(key)), RandomSources.seeded(0), 1e-30);
        assertThat(loose.tagBits()).isEqualTo(61);
        assertThat(tight.tagBits()).isEqualTo(127);
        assertThat(loose.ok()).isTrue();
        assertThat(tight.ok()).isTrue();
        assertThat(loose.epsilonCor()).isLessThanOrEqualTo(1e-9);
        assertThat(tight.epsilonCor()).isLessThanOrEqualTo(1e-30).isLessThan(loose.epsilonCor());
        // epsilon_cor = L / p: L blocks of w bits in GF(2^q - 1).
        assertThat(Verification.collisionBound(1_000_000, 61))
                .isCloseTo((1_000_000 + 55) / 56 / (Math.pow(2, 61) - 1), Percentage.withPercentage(1e-9));
    }

    @ParameterizedTest
    @ValueSource(ints = {61, 89, 107, 127, 521})
    void polynomialHashMatchesAPlainBigIntegerEvaluation(int exponent) {
        for (int size : new int[] {1, 7, 56, 57, 1000, 1021}) {
            BitString key = key(5 + size, size);
            BigInteger modulus = BigInteger.ONE.shiftLeft(exponent).subtract(BigInteger.ONE);
            BigInteger point = new BigInteger("123456789123456789123").mod(modulus);
            int width = 8 * ((exponent - 1) / 8); // whole bytes below q
            List<BigInteger> blocks = new ArrayList<>();
            for (int start = 0; start < size; start += width) {
                var text = new StringBuilder();
                for (int t = start; t < start + width; t++) {
                    text.append(t < size && key.get(t) ? '1' : '0');
                }
                blocks.add(new BigInteger(text.toString(), 2));
            }
            BigInteger expected = BigInteger.ZERO;
            for (int i = 0; i < blocks.size(); i++) {
                expected = expected.add(blocks.get(i).multiply(point.modPow(BigInteger.valueOf(blocks.size() - i), modulus)));
            }
            assertThat(PolynomialHash.hash(key, point, exponent)).as("q=%d, %d bits", exponent, size)
                    .isEqualTo(expected.mod(modulus));
        }
    }

    @Test
    void hashOfTheLargestValuesReducesExactly() {
        // All-ones blocks and a point of p - 1 exercise every carry of the two-limb arithmetic.
        for (int exponent : new int[] {61, 89, 107, 127}) {
            BigInteger modulus = BigInteger.ONE.shiftLeft(exponent).subtract(BigInteger.ONE);
            long[] ones = new long[Bits.words(5000)];
            java.util.Arrays.fill(ones, -1L);
            BitString key = BitString.wrap(ones, 5000);
            BigInteger point = modulus.subtract(BigInteger.ONE);
            assertThat(PolynomialHash.hash(key, point, exponent))
                    .isEqualTo(referenceHash(key, point, exponent));
        }
    }

    @Test
    void seededRunsReproduceTheSamePoint() {
        BitString key = key(6, 100_000);
        List<byte[]> sent = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            var alice = new Verification.Alice(key);
            var channel = new ClassicalChannel();
            channel.attach(Role.ALICE, message -> {
                if (message.fields().containsKey("point")) {
                    sent.add(message.bytes("point"));
                }
                return alice.onMessage(message);
            });
            Verification.verifyBob(key, channel, RandomSources.seeded(7), 1e-15);
        }
        assertThat(sent.get(1)).isEqualTo(sent.get(0));
    }

    @Test
    void aliceRejectsALengthMismatch() {
        BitString key = key(8, 100_000);
        var channel = link(new Verification.Alice(key));
        BitString shorter = BitString.copyOf(key.words(), 99_999);
        assertThatThrownBy(() -> Verification.verifyBob(shorter, channel, RandomSources.seeded(0), 1e-15))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("Alice holds");
    }

    /** h_r(key) by BigInteger arithmetic on the key's bytes, most significant bit first. */
    static BigInteger referenceHash(BitString key, BigInteger point, int exponent) {
        BigInteger modulus = BigInteger.ONE.shiftLeft(exponent).subtract(BigInteger.ONE);
        int widthBytes = PolynomialHash.blockBits(exponent) / 8;
        byte[] packed = key.toBytesMsbFirst();
        BigInteger acc = BigInteger.ZERO;
        for (int offset = 0; offset < packed.length; offset += widthBytes) {
            byte[] block = java.util.Arrays.copyOfRange(packed, offset, offset + widthBytes);
            acc = acc.add(new BigInteger(1, block)).multiply(point).mod(modulus);
        }
        return acc;
    }
}
