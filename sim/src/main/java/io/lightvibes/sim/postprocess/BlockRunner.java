package io.lightvibes.sim.postprocess;

import io.lightvibes.sim.driver.DetectionBlock;
import io.lightvibes.sim.driver.Kernels;
import io.lightvibes.sim.driver.PhotonicsDriver;
import io.lightvibes.sim.photonics.Intensity;
import io.lightvibes.sim.photonics.LinkParameters;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;

/**
 * One block of the link: photonics from the driver, then the real post-processing between an
 * {@link AliceEnd} and a {@link BobEnd} that share only a fresh {@link ClassicalChannel}. This is
 * the orchestrator of the embedded deployment, where both ends live in one process; as a last
 * guard it checks that both ends hold the same final key before handing Alice's to the caller.
 */
public final class BlockRunner {

    private final Kernels kernels;
    private final PhotonicsDriver driver;
    private final CascadeParameters cascade;

    /**
     * @param kernels the bit kernels every step runs on
     * @param driver the photonics (simulated or hardware), seeded by its creator
     * @param cascade Cascade's parameters
     */
    public BlockRunner(Kernels kernels, PhotonicsDriver driver, CascadeParameters cascade) {
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.cascade = Objects.requireNonNull(cascade, "cascade");
    }

    /** The kernels the runner uses. */
    public Kernels kernels() {
        return kernels;
    }

    /** The driver the runner reads blocks from. */
    public PhotonicsDriver driver() {
        return driver;
    }

    /**
     * Sends one block of pulses and distils it into a final key.
     *
     * @param random the ends' randomness; each end gets its own stream split from it
     * @param asymptotic the asymptotic key length instead of the finite-key bound
     * @throws KeyAgreementException if the two ends' final keys differ (never returned)
     */
    public BlockResult run(LinkParameters params, RandomGenerator.SplittableGenerator random, boolean asymptotic) {
        DetectionBlock block = driver.nextBlock(params.toPhotonicsConfig());
        var channel = new ClassicalChannel();
        var alice = new AliceEnd(kernels, block.pulses(), block.alice(), random.split());
        var bob = new BobEnd(kernels, params, block.bob(), block.detections(), random.split(), asymptotic, cascade);
        channel.attach(Role.ALICE, alice::onMessage);
        channel.attach(Role.BOB, message -> {
            // Bob asks, Alice answers: nothing ever arrives at Bob unrequested.
            throw new ProtocolException("Bob does not accept " + message.topic());
        });
        BobOutcome outcome = bob.run(channel);
        BitString key = agreedFinalKey(alice.finalKey(), outcome.key());
        return new BlockResult(key, statistics(params, outcome, channel.stats(), key, asymptotic));
    }

    /** The block's final key if both ends agree on it (empty if neither has one). */
    static BitString agreedFinalKey(Optional<BitString> alice, Optional<BitString> bob) {
        if (alice.isEmpty() && bob.isEmpty()) {
            return BitString.empty();
        }
        if (alice.isEmpty() || bob.isEmpty()) {
            alice.ifPresent(BitString::wipe);
            bob.ifPresent(BitString::wipe);
            throw new KeyAgreementException("only one end of the link produced a final key for this block");
        }
        if (!java.security.MessageDigest.isEqual(alice.get().toBytesMsbFirst(), bob.get().toBytesMsbFirst())
                || alice.get().length() != bob.get().length()) {
            alice.get().wipe();
            bob.get().wipe();
            throw new KeyAgreementException("the two ends of the link derived different final keys; the block is discarded");
        }
        bob.get().wipe();
        return alice.get();
    }

    private static BlockStatistics statistics(LinkParameters params, BobOutcome outcome, ChannelStats channel,
            BitString key, boolean asymptotic) {
        long[] pulses = outcome.pulses();
        double[] detections = outcome.detections();
        DecoyCounts test = outcome.testBasis();
        double[] testClicks = test.detections();
        double[] testErrors = test.errors();
        long sifted = outcome.siftedBits();
        double qber = outcome.verified() && outcome.correctedErrors().isPresent() && sifted > 0
                ? (double) outcome.correctedErrors().getAsLong() / sifted
                : outcome.qberEstimate();
        long totalPulses = pulses[0] + pulses[1] + pulses[2];
        double[] gains = new double[3];
        OptionalDouble[] errors = new OptionalDouble[3];
        for (Intensity k : Intensity.all()) {
            int i = k.index();
            gains[i] = pulses[i] > 0 ? detections[i] / pulses[i] : 0.0;
            errors[i] = testClicks[i] > 0 ? OptionalDouble.of(testErrors[i] / testClicks[i]) : OptionalDouble.empty();
        }
        // Without statistics only the trivial bounds hold: Y1 >= 0, e1 <= 1/2.
        var bounds = outcome.bounds();
        return new BlockStatistics(
                asymptotic,
                params.distanceKm(),
                totalPulses,
                (long) (detections[0] + detections[1] + detections[2]),
                sifted,
                (long) test.total(),
                qber,
                outcome.qberEstimate(),
                gains[0], gains[1], gains[2],
                errors[0], errors[1], errors[2],
                bounds.map(DecoyBounds::singlePhotonYield).orElse(0.0),
                bounds.map(DecoyBounds::singlePhotonErrorRate).orElse(0.5),
                bounds.map(DecoyBounds::phaseErrorRate).orElse(0.5),
                channel.disclosedBits(),
                outcome.ecLeakedBits(),
                outcome.ecEfficiency(),
                outcome.verified(),
                key.length(),
                totalPulses > 0 ? (double) key.length() / totalPulses : 0.0,
                outcome.cascadePasses(),
                channel.messages(),
                channel.wireBits(),
                outcome.aborted());
    }
}
