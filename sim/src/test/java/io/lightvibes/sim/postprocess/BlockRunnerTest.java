package io.lightvibes.sim.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.sim.driver.JavaKernels;
import io.lightvibes.sim.driver.Kernels;
import io.lightvibes.sim.photonics.JavaPhotonicsDriver;
import io.lightvibes.sim.photonics.LinkParameters;
import io.lightvibes.sim.photonics.RandomSources;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One block end to end: simulated photonics, then the real post-processing between two ends.
 * Physics checks cite their source: Shor &amp; Preskill, Phys. Rev. Lett. 85, 441 (2000) (no key
 * above 11 % QBER); Lim et al., Phys. Rev. A 89, 022307 (2014), Eq. (1) (finite key below the
 * asymptotic one).
 */
class BlockRunnerTest {

    static final Kernels KERNELS = new JavaKernels();
    /** Small blocks keep these tests fast; asymptotic key lengths let them still produce keys. */
    static final LinkParameters SMALL = LinkParameters.defaults().withPulsesPerBlock(10_000_000);

    static BlockResult run(LinkParameters params, long seed, boolean asymptotic, CascadeParameters cascade) {
        var root = RandomSources.seeded(seed);
        var runner = new BlockRunner(KERNELS, new JavaPhotonicsDriver(root.split()), cascade);
        return runner.run(params, root.split(), asymptotic);
    }

    static BlockResult run(LinkParameters params, long seed, boolean asymptotic) {
        return run(params, seed, asymptotic, CascadeParameters.defaults());
    }

    @Test
    void bothEndsDeriveTheSameKeyThroughTheChannelOnly() {
        var block = new JavaPhotonicsDriver(RandomSources.seeded(1)).nextBlock(SMALL.toPhotonicsConfig());
        var channel = new ClassicalChannel();
        var alice = new AliceEnd(KERNELS, block.pulses(), block.alice(), RandomSources.seeded(2));
        var bob = new BobEnd(KERNELS, SMALL, block.bob(), block.detections(), RandomSources.seeded(3), true,
                CascadeParameters.defaults());
        channel.attach(Role.ALICE, alice::onMessage);
        BobOutcome outcome = bob.run(channel);
        assertThat(outcome.key()).isPresent();
        assertThat(outcome.secretBits()).isPositive();
        assertThat(alice.finalKey()).contains(outcome.key().orElseThrow());
        assertThat(channel.stats().messages()).isGreaterThan(4);
        // The final key is a hash of the sifted key, not a copy of it.
        double ones = (double) outcome.key().orElseThrow().popcount() / outcome.secretBits();
        assertThat(ones).isBetween(0.4, 0.6);
    }

    @Test
    void runReturnsTheAgreedKeyAndItsStatistics() {
        BlockResult result = run(SMALL, 4, true);
        BlockStatistics s = result.statistics();
        assertThat(s.aborted()).isEmpty();
        assertThat(s.verified()).isTrue();
        assertThat((long) result.key().length()).isEqualTo(s.secretBits()).isPositive();
        assertThat(s.pulses()).isEqualTo(SMALL.pulsesPerBlock());
        assertThat(s.siftedBits() + s.testBits()).isLessThanOrEqualTo(s.detections());
        assertThat(s.qber()).isBetween(0.0, 0.06);
        assertThat(Math.abs(s.qber() - s.qberEstimate())).isLessThan(0.02);
        assertThat(s.secretKeyRatePerPulse()).isEqualTo((double) s.secretBits() / s.pulses());
        assertThat(s.secretFraction()).isBetween(0.0, 1.0);
        // Cascade cannot beat the Slepian-Wolf limit: leak >= n h(QBER).
        assertThat((double) s.leakedBits()).isGreaterThanOrEqualTo(s.siftedBits() * Entropy.binary(s.qber()));
        assertThat(s.ecEfficiency()).isPresent();
        assertThat(s.ecEfficiency().getAsDouble()).isBetween(1.0, 1.3);
        assertThat(s.leakedBits()).isGreaterThan(s.ecLeakedBits());
    }

    @Test
    void finiteKeyIsShorterThanAsymptoticForTheSameBlock() {
        LinkParameters shortLink = LinkParameters.defaults().withDistanceKm(0.0).withPulsesPerBlock(30_000_000);
        BlockStatistics finite = run(shortLink, 5, false).statistics();
        BlockStatistics asymptotic = run(shortLink, 5, true).statistics();
        assertThat(finite.siftedBits()).isEqualTo(asymptotic.siftedBits());
        assertThat(finite.leakedBits()).isEqualTo(asymptotic.leakedBits());
        assertThat(finite.secretBits()).isPositive().isLessThan(asymptotic.secretBits());
    }

    @ParameterizedTest(name = "eve {0}, asymptotic {1}")
    @CsvSource({"0.5, true", "0.5, false", "1.0, true", "1.0, false"})
    void noKeyAboveTheShorPreskillThreshold(double eveFraction, boolean asymptotic) {
        BlockResult result = run(SMALL.withEveFraction(eveFraction), 6, asymptotic);
        assertThat(result.statistics().qberEstimate()).isGreaterThan(0.11);
        assertThat(result.statistics().secretBits()).isZero();
        assertThat(result.key().length()).isZero();
        assertThat(result.statistics().aborted()).isPresent();
        assertThat(result.statistics().leakedBits()).isZero(); // stopped before error correction disclosed anything
    }

    @Test
    void anEavesdropperCostsKeyBeforeTheThreshold() {
        BlockStatistics honest = run(SMALL, 7, true).statistics();
        BlockStatistics attacked = run(SMALL.withEveFraction(0.1), 7, true).statistics();
        assertThat(attacked.qber()).isGreaterThan(honest.qber() + 0.015);
        assertThat(attacked.secretBits()).isLessThan(honest.secretBits());
    }

    @Test
    void failedVerificationYieldsNoKey() {
        // One Cascade pass leaves errors behind; the universal hash must catch them.
        BlockResult result = run(SMALL.withDistanceKm(0.0), 8, true, CascadeParameters.defaults().withPasses(1));
        BlockStatistics s = result.statistics();
        assertThat(s.verified()).isFalse();
        assertThat(s.aborted()).hasValueSatisfying(reason -> assertThat(reason).contains("verification"));
        assertThat(s.secretBits()).isZero();
        assertThat(result.key().length()).isZero();
        assertThat(s.leakedBits()).isPositive();
    }

    @Test
    void seededBlocksAreReproducible() {
        BlockResult first = run(SMALL, 9, true);
        BlockResult second = run(SMALL, 9, true);
        BlockResult other = run(SMALL, 10, true);
        assertThat(second.key()).isEqualTo(first.key());
        assertThat(second.statistics()).isEqualTo(first.statistics());
        assertThat(other.key()).isNotEqualTo(first.key());
    }

    @Test
    void finalKeysMustAgree() {
        BitString key = BitString.wrap(new long[] {0b101}, 3);
        assertThat(BlockRunner.agreedFinalKey(Optional.of(key.copy()), Optional.of(key.copy()))).isEqualTo(key);
        assertThat(BlockRunner.agreedFinalKey(Optional.empty(), Optional.empty()).length()).isZero();
        assertThatThrownBy(() -> BlockRunner.agreedFinalKey(Optional.of(key.copy()),
                Optional.of(BitString.wrap(new long[] {0b010}, 3))))
                .isInstanceOf(KeyAgreementException.class)
                .message().doesNotContain("101").doesNotContain("true");
        assertThatThrownBy(() -> BlockRunner.agreedFinalKey(Optional.of(key.copy()), Optional.empty()))
                .isInstanceOf(KeyAgreementException.class);
    }

    @Test
    void endsRefuseOutOfOrderOrMalformedMessages() {
        var block = new JavaPhotonicsDriver(RandomSources.seeded(13)).nextBlock(SMALL.toPhotonicsConfig());
        var alice = new AliceEnd(KERNELS, block.pulses(), block.alice(), RandomSources.seeded(14));
        assertThatThrownBy(() -> alice.onMessage(Message.of("amplify.seed", Map.of("output_bits", new Field.IntValue(8)))))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> alice.onMessage(Message.of("sift.bases",
                Map.of("basis_z", new Field.BitsValue(new long[1], 3))))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> alice.onMessage(Message.of("estimate.test_bits",
                Map.of("bits", new Field.BitsValue(new long[1], 3))))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> alice.onMessage(Message.of("cascade.blocks"))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> alice.onMessage(Message.of("nonsense"))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void theRunningLinkDefaultBlockDeliversAFiniteKey() {
        // LIGHTVIBES_LINK_PULSES_PER_BLOCK = 2e8 at 25 km with the GYS parameters, finite-key bound.
        BlockStatistics s = run(LinkParameters.defaults().withPulsesPerBlock(200_000_000), 16, false).statistics();
        assertThat(s.verified()).isTrue();
        assertThat(s.aborted()).isEmpty();
        assertThat(s.qber()).isLessThan(0.05);
        assertThat(s.secretBits()).isGreaterThan(30_000);
    }
}
