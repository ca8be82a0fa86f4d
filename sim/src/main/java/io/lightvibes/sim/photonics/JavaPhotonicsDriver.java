package io.lightvibes.sim.photonics;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.DetectionBlock;
import io.lightvibes.sim.driver.PhotonicsConfig;
import io.lightvibes.sim.driver.PhotonicsDriver;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The pure-Java simulated photonics: samples <em>detection events</em>, not pulses.
 *
 * <p>Per block of N pulses: the number of clicks is Binomial(N, sum_k p_k Q_k); the undetected
 * pulses are split over intensities as Multinomial(N - clicks, p_k (1 - Q_k)); each click's
 * intensity is a categorical draw with P(k | click) = p_k Q_k / sum. Together that is exactly the
 * law of "N_k ~ Multinomial(N, p_k), then Binomial(N_k, Q_k) clicks" with Q_k from
 * {@link ChannelModel}. Then, per click: both ends' bases (Z with probability 1 - q_x), Alice's
 * bit, and for matched bases the origin of the click (background with probability Y0 / Q_k, else
 * a photon that Eve intercepted with probability p and measured in the wrong basis half the
 * time); a background click or a wrong-basis interception leaves Bob a uniformly random bit,
 * any other photon click flips Alice's bit with probability e_d. Mismatched bases give Bob a
 * random bit. Cost is proportional to clicks.
 *
 * <p>All randomness comes from the generator given to the constructor, in a fixed order, so a
 * seeded generator reproduces every block. Not thread-safe (one link thread drives it).
 */
public final class JavaPhotonicsDriver implements PhotonicsDriver {

    /** Detection records must fit Java arrays (bytes per click, bits in long words). */
    static final long MAX_DETECTIONS = Integer.MAX_VALUE - 64L;

    private final RandomGenerator random;

    public JavaPhotonicsDriver(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public String name() {
        return "java";
    }

    @Override
    public DetectionBlock nextBlock(PhotonicsConfig config) {
        ChannelModel model = ChannelModel.of(config);
        long pulses = config.pulsesPerBlock();
        double[] detectedWeight = new double[3];
        double[] missedWeight = new double[3];
        double[] backgroundShare = new double[3];
        double totalGain = 0.0;
        for (Intensity k : Intensity.all()) {
            double gain = model.gain(k);
            detectedWeight[k.index()] = model.probability(k) * gain;
            missedWeight[k.index()] = model.probability(k) * (1.0 - gain);
            backgroundShare[k.index()] = gain > 0.0 ? config.darkCountProbability() / gain : 1.0;
            totalGain += detectedWeight[k.index()];
        }
        totalGain = Math.min(1.0, totalGain);
        if (pulses * totalGain > MAX_DETECTIONS * 0.99) {
            throw new InvalidParametersException(String.format(Locale.ROOT,
                    "a block of %d pulses would hold about %.3g detections, more than %d fit in memory: "
                            + "lower pulses_per_block", pulses, pulses * totalGain, MAX_DETECTIONS));
        }
        long clicks = Binomial.sample(random, pulses, totalGain);
        if (clicks > MAX_DETECTIONS) {
            throw new InvalidParametersException("the block drew more detections than fit in memory: lower pulses_per_block");
        }
        long[] sent = missedWeight[0] + missedWeight[1] + missedWeight[2] > 0.0
                ? Binomial.multinomial(random, pulses - clicks, missedWeight)
                : new long[3];
        int detections = (int) clicks;
        double first = totalGain > 0.0 ? detectedWeight[0] / totalGain : 1.0;
        double second = totalGain > 0.0 ? first + detectedWeight[1] / totalGain : 1.0;
        // Uniforms are compared as 53-bit integers (exactly nextDouble's resolution), branch-free
        // where the outcome is a coin toss, so the per-click cost stays a few nanoseconds.
        long notSignal = threshold(first);
        long isVacuum = threshold(second);
        long basisZ = threshold(1.0 - config.basisXProbability());
        long[] background = {threshold(backgroundShare[0]), threshold(backgroundShare[1]), threshold(backgroundShare[2])};
        long intercepted = threshold(config.eveFraction());
        long misaligned = threshold(config.misalignment());
        boolean eve = config.eveFraction() > 0.0;
        byte[] intensity = new byte[detections];
        int words = Bits.words(detections);
        long[] aliceZ = new long[words];
        long[] aliceBit = new long[words];
        long[] bobZ = new long[words];
        long[] bobBit = new long[words];
        long decoyOrVacuum = 0;
        long vacuumClicks = 0;
        for (int w = 0; w < words; w++) {
            int base = w << 6;
            int count = Math.min(64, detections - base);
            long alice = random.nextLong();
            long bob = random.nextLong();
            long az = 0;
            long bz = 0;
            for (int b = 0; b < count; b++) {
                long u = uniform53();
                int higher = (u >= notSignal ? 1 : 0);
                int vacuumClick = (u >= isVacuum ? 1 : 0);
                intensity[base + b] = (byte) (higher + vacuumClick);
                decoyOrVacuum += higher;
                vacuumClicks += vacuumClick;
                az |= (uniform53() < basisZ ? 1L : 0L) << b;
                bz |= (uniform53() < basisZ ? 1L : 0L) << b;
            }
            long mask = count == 64 ? -1L : (1L << count) - 1;
            // Mismatched bases: Bob keeps his random bit. Matched: decide the click's origin.
            long matched = ~(az ^ bz) & mask;
            long eveBases = eve ? random.nextLong() : 0L;
            while (matched != 0) {
                int b = Long.numberOfTrailingZeros(matched);
                matched &= matched - 1;
                boolean randomOutcome = uniform53() < background[intensity[base + b]];
                if (!randomOutcome && eve && uniform53() < intercepted) {
                    // Intercepted: Eve's basis differs from Alice's with probability 1/2.
                    randomOutcome = ((eveBases ^ az) >>> b & 1L) != 0;
                }
                if (!randomOutcome) {
                    long error = uniform53() < misaligned ? 1L : 0L;
                    long bit = ((alice >>> b) & 1L) ^ error;
                    bob = (bob & ~(1L << b)) | (bit << b);
                }
            }
            aliceZ[w] = az;
            bobZ[w] = bz;
            aliceBit[w] = alice & mask;
            bobBit[w] = bob & mask;
        }
        sent[0] += detections - decoyOrVacuum;
        sent[1] += decoyOrVacuum - vacuumClicks;
        sent[2] += vacuumClicks;
        return new DetectionBlock(sent, detections,
                new DetectionBlock.Transmitter(intensity, aliceZ, aliceBit),
                new DetectionBlock.Receiver(bobZ, bobBit));
    }

    /** A uniform integer in [0, 2^53): P(uniform53() < threshold(p)) = p to within 2^-53. */
    private long uniform53() {
        return random.nextLong() >>> 11;
    }

    private static long threshold(double probability) {
        return (long) Math.ceil(Math.min(1.0, Math.max(0.0, probability)) * 0x1p53);
    }

    @Override
    public void close() {
        // nothing held
    }
}
