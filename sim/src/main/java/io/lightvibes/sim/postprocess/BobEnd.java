package io.lightvibes.sim.postprocess;

import io.lightvibes.sim.driver.DetectionBlock;
import io.lightvibes.sim.driver.Kernels;
import io.lightvibes.sim.photonics.LinkParameters;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * Bob's end of one block: holds only his own click record and drives the post-processing through
 * the channel, from sifting to privacy amplification (see {@link AliceEnd} for the topics). He
 * stops as early as the statistics allow: before Cascade when not even Shannon-limit error
 * correction would leave key (Lim et al.'s phi_X &lt; phi_tol check), so nothing is disclosed.
 */
public final class BobEnd {

    private final Kernels kernels;
    private final LinkParameters params;
    private final DetectionBlock.Receiver record;
    private final int detections;
    private final RandomGenerator random;
    private final boolean asymptotic;
    private final CascadeParameters cascade;

    /**
     * Bob's end for his half of a block.
     *
     * @param params the protocol and security parameters both ends agreed on
     * @param record his clicks: basis and bit per detection
     * @param detections number of clicks
     * @param random his randomness (Cascade seeds, the verification point)
     * @param asymptotic use the asymptotic key length instead of the finite-key bound
     */
    public BobEnd(Kernels kernels, LinkParameters params, DetectionBlock.Receiver record, int detections,
            RandomGenerator random, boolean asymptotic, CascadeParameters cascade) {
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.params = Objects.requireNonNull(params, "params");
        this.record = Objects.requireNonNull(record, "record");
        this.detections = detections;
        this.random = Objects.requireNonNull(random, "random");
        this.asymptotic = asymptotic;
        this.cascade = Objects.requireNonNull(cascade, "cascade");
    }

    /** Runs one block's post-processing; never returns a key Alice does not also hold (if honest). */
    public BobOutcome run(ClassicalChannel channel) {
        var sifting = new Sifting(kernels);
        Message reply = channel.request(Role.BOB, Message.of(AliceEnd.TOPIC_SIFT,
                Map.of("basis_z", new Field.BitsValue(record.basisZ(), detections))));
        long[] aliceZ = reply.bits("basis_z", detections).words();
        byte[] intensity = reply.bytes("intensity");
        long[] pulses = reply.longs("pulses", 3);
        if (intensity.length != detections) {
            throw new ProtocolException("Alice's sifting answer has " + intensity.length + " intensities for "
                    + detections + " clicks");
        }
        long[][] levels = Sifting.intensityMasks(intensity);
        long[] keyMask = Sifting.keyMask(aliceZ, record.basisZ(), detections);
        long[] testMask = Sifting.testMask(aliceZ, record.basisZ(), detections);
        BitString siftedKey = sifting.select(record.bit(), keyMask, detections);
        BitString ownTest = sifting.select(record.bit(), testMask, detections);

        reply = channel.request(Role.BOB, Message.of(AliceEnd.TOPIC_TEST_BITS,
                Map.of("bits", new Field.BitsValue(ownTest.words(), ownTest.length()))));
        BitString aliceTest = BitString.copyOf(reply.bits("bits", ownTest.length()).words(), ownTest.length());
        BitString[] testLevels = new BitString[3];
        for (int k = 0; k < 3; k++) {
            testLevels[k] = sifting.select(levels[k], testMask, detections);
        }
        double[] testErrors = sifting.errorsPerIntensity(aliceTest, ownTest, testLevels);
        var draft = new Draft(pulses, Sifting.clicksPerIntensity(levels),
                DecoyCounts.detectionsOnly(Sifting.countPerIntensity(keyMask, levels)),
                new DecoyCounts(Sifting.countPerIntensity(testMask, levels), testErrors));
        if (siftedKey.length() == 0 || ownTest.length() == 0) {
            return abort(channel, draft, "no sifted key or no test statistics");
        }
        long totalPulses = pulses[0] + pulses[1] + pulses[2];
        DecoyBounds bounds = DecoyEstimator.estimate(params, totalPulses, draft.keyBasis, draft.testBasis, asymptotic);
        draft.bounds = Optional.of(bounds);
        // Not even Shannon-limit error correction would leave a key: stop before Cascade.
        long bestCase = KeyLength.secretKeyLength(params, bounds,
                siftedKey.length() * Entropy.binary(Math.min(draft.qberEstimate, 0.5)), 0, asymptotic);
        if (draft.qberEstimate >= 0.5 || bestCase == 0) {
            return abort(channel, draft, "parameter estimation leaves no secret key");
        }

        CascadeResult corrected = CascadeBob.reconcile(kernels, siftedKey, draft.qberEstimate, channel, random, cascade);
        long correctedErrors = kernels.countErrors(corrected.key().words(), siftedKey.words(), null, siftedKey.length());
        Verification.Result verification = Verification.verifyBob(corrected.key(), channel, random, params.epsilonCor());
        draft.correctedErrors = OptionalLong.of(correctedErrors);
        draft.ecLeakedBits = corrected.disclosedBits();
        draft.verificationBits = verification.tagBits();
        draft.verified = verification.ok();
        draft.cascadePasses = corrected.passes();
        draft.ecEfficiency = correctedErrors > 0
                ? OptionalDouble.of(Entropy.reconciliationEfficiency(corrected.disclosedBits(), siftedKey.length(),
                        (double) correctedErrors / siftedKey.length()))
                : OptionalDouble.empty();
        siftedKey.wipe();
        if (!verification.ok()) {
            corrected.key().wipe();
            return abort(channel, draft, "verification failed: keys differ after Cascade");
        }
        long secretBits = KeyLength.secretKeyLength(params, bounds, corrected.disclosedBits(), verification.tagBits(),
                asymptotic);
        if (secretBits == 0) {
            corrected.key().wipe();
            return abort(channel, draft, "leakage leaves no secret key");
        }
        reply = channel.request(Role.BOB, Message.of(AliceEnd.TOPIC_AMPLIFY,
                Map.of("output_bits", new Field.IntValue(secretBits))));
        long seedBits = PrivacyAmplification.seedBits(corrected.key().length(), secretBits);
        BitString seed = BitString.copyOf(reply.bits("seed", seedBits).words(), seedBits);
        BitString finalKey = new PrivacyAmplification(kernels).hash(corrected.key(), seed, (int) secretBits);
        corrected.key().wipe();
        return draft.outcome(Optional.of(finalKey), Optional.empty());
    }

    private static BobOutcome abort(ClassicalChannel channel, Draft draft, String reason) {
        channel.post(Role.BOB, Message.of(AliceEnd.TOPIC_ABORT, Map.of("reason", new Field.TextValue(reason))));
        return draft.outcome(Optional.empty(), Optional.of(reason));
    }

    /** The outcome as it builds up along the protocol. */
    private static final class Draft {
        final long[] pulses;
        final double[] detections;
        final DecoyCounts keyBasis;
        final DecoyCounts testBasis;
        final double qberEstimate;
        Optional<DecoyBounds> bounds = Optional.empty();
        OptionalLong correctedErrors = OptionalLong.empty();
        long ecLeakedBits;
        int verificationBits;
        boolean verified;
        OptionalDouble ecEfficiency = OptionalDouble.empty();
        int cascadePasses;

        Draft(long[] pulses, double[] detections, DecoyCounts keyBasis, DecoyCounts testBasis) {
            this.pulses = pulses;
            this.detections = detections;
            this.keyBasis = keyBasis;
            this.testBasis = testBasis;
            this.qberEstimate = testBasis.total() > 0 ? testBasis.totalErrors() / testBasis.total() : 0.5;
        }

        BobOutcome outcome(Optional<BitString> key, Optional<String> aborted) {
            return new BobOutcome(pulses, detections, keyBasis, testBasis, qberEstimate, bounds, correctedErrors,
                    ecLeakedBits, verificationBits, verified, ecEfficiency, cascadePasses, key, aborted);
        }
    }
}
