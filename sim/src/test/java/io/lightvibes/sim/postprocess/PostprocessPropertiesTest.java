package io.lightvibes.sim.postprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.JavaKernels;
import io.lightvibes.sim.photonics.RandomSources;
import java.math.BigInteger;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Properties of the post-processing on random inputs of awkward sizes. */
class PostprocessPropertiesTest {

    static BitString randomKey(SplittableRandom random, int bits) {
        long[] words = new long[Bits.words(bits)];
        for (int w = 0; w < words.length; w++) {
            words[w] = random.nextLong();
        }
        return BitString.wrap(words, bits);
    }

    /** The two-limb Mersenne arithmetic equals BigInteger arithmetic for any key and point. */
    @Property(tries = 200)
    void polynomialHashEqualsTheBigIntegerDefinition(@ForAll @IntRange(min = 1, max = 3000) int bits,
            @ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int field) {
        var random = new SplittableRandom(seed);
        int exponent = PolynomialHash.MERSENNE_EXPONENTS[field];
        BitString key = randomKey(random, bits);
        BigInteger modulus = BigInteger.ONE.shiftLeft(exponent).subtract(BigInteger.ONE);
        byte[] raw = new byte[(exponent + 7) / 8];
        random.nextBytes(raw);
        BigInteger point = new BigInteger(1, raw).mod(modulus);
        assertThat(PolynomialHash.hash(key, point, exponent)).isEqualTo(VerificationTest.referenceHash(key, point, exponent));
    }

    /**
     * Whatever Cascade leaves, its disclosure is what the channel counted and verification then
     * accepts exactly when the keys are equal: no key can pass with errors left, none is lost.
     */
    @Property(tries = 60)
    void cascadeAndVerificationNeverPassUnequalKeys(@ForAll @IntRange(min = 1, max = 6000) int bits,
            @ForAll @DoubleRange(min = 0.0, max = 0.2) double qber, @ForAll long seed,
            @ForAll @IntRange(min = 1, max = 14) int passes) {
        var random = new SplittableRandom(seed);
        var kernels = new JavaKernels();
        BitString alice = randomKey(random, bits);
        long[] noisy = alice.words().clone();
        for (int i = 0; i < bits; i++) {
            if (random.nextDouble() < qber) {
                noisy[i >>> 6] ^= 1L << (i & 63);
            }
        }
        var channel = new ClassicalChannel();
        var cascade = new CascadeAlice(kernels, alice);
        var verification = new Verification.Alice(alice);
        channel.attach(Role.ALICE, message -> message.topic().startsWith("cascade")
                ? cascade.onMessage(message) : verification.onMessage(message));
        CascadeResult result = CascadeBob.reconcile(kernels, BitString.wrap(noisy, bits), Math.min(qber, 0.49),
                channel, RandomSources.seeded(seed), CascadeParameters.defaults().withPasses(passes));
        assertThat(result.disclosedBits()).isEqualTo(channel.stats().disclosedBits());
        boolean ok = Verification.verifyBob(result.key(), channel, RandomSources.seeded(~seed), 1e-12).ok();
        assertThat(ok).isEqualTo(result.key().equals(alice));
        assertThat(verification.verified()).contains(ok);
    }
}
