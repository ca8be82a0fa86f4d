package io.lightvibes.sim.postprocess;

import io.lightvibes.sim.driver.DetectionBlock;
import io.lightvibes.sim.driver.Kernels;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Alice's end of one block: holds only her own record of the pulses Bob detected, answers Bob
 * through the channel, and ends with her final key (or none). Bob drives every step; Alice
 * dispatches each message by topic prefix:
 *
 * <ol>
 *   <li>{@code sift.bases}: Bob's bases per click; Alice answers with hers, the intensity of each
 *       click and the pulses she sent per intensity;
 *   <li>{@code estimate.test_bits}: Bob's test-basis (Z) bits; Alice answers with hers. These
 *       bits never become key, so the announcement discloses nothing about the key (Lim et al.
 *       2014, Sec. II, step 4);
 *   <li>{@code cascade.*}: error correction ({@link CascadeAlice});
 *   <li>{@code verify.*}: universal-hash verification ({@link Verification.Alice});
 *   <li>{@code amplify.seed}: Bob announces the secret key length; Alice draws a fresh Toeplitz
 *       seed, hashes her key and sends the seed (public);
 *   <li>{@code block.abort}: Bob abandons the block; Alice discards her key material.
 * </ol>
 */
public final class AliceEnd {

    static final String TOPIC_SIFT = "sift.bases";
    static final String TOPIC_TEST_BITS = "estimate.test_bits";
    static final String TOPIC_AMPLIFY = "amplify.seed";
    static final String TOPIC_ABORT = "block.abort";

    private final Kernels kernels;
    private final long[] pulses;
    private final DetectionBlock.Transmitter record;
    private final int detections;
    private final RandomGenerator random;
    private BitString key;
    private BitString testBits;
    private CascadeAlice cascade;
    private Verification.Alice verification;
    private BitString finalKey;

    /**
     * Alice's end for her half of a block.
     *
     * @param pulses pulses she sent per intensity
     * @param record her record of the detected pulses
     * @param random her randomness (the Toeplitz seed)
     */
    public AliceEnd(Kernels kernels, long[] pulses, DetectionBlock.Transmitter record, RandomGenerator random) {
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.pulses = pulses.clone();
        this.record = Objects.requireNonNull(record, "record");
        this.detections = record.intensity().length;
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Her final key once privacy amplification ran; empty otherwise. */
    public Optional<BitString> finalKey() {
        return Optional.ofNullable(finalKey);
    }

    /** Handles one message from Bob. */
    public Optional<Message> onMessage(Message message) {
        String topic = message.topic();
        String prefix = topic.contains(".") ? topic.substring(0, topic.indexOf('.')) : topic;
        return switch (prefix) {
            case "sift" -> Optional.of(sift(message));
            case "estimate" -> Optional.of(testBits(message));
            case "cascade" -> active(cascade, topic).onMessage(message);
            case "verify" -> active(verification, topic).onMessage(message);
            case "amplify" -> Optional.of(amplify(message));
            case "block" -> {
                if (!topic.equals(TOPIC_ABORT)) {
                    throw new ProtocolException("Alice cannot handle " + topic + " now");
                }
                discard();
                yield Optional.empty();
            }
            default -> throw new ProtocolException("Alice cannot handle " + topic + " now");
        };
    }

    private static <T> T active(T component, String topic) {
        if (component == null) {
            throw new ProtocolException("Alice cannot handle " + topic + " now");
        }
        return component;
    }

    private Message sift(Message message) {
        long[] bobZ = message.bits("basis_z", detections).words();
        var sifting = new Sifting(kernels);
        key = sifting.select(record.bit(), Sifting.keyMask(record.basisZ(), bobZ, detections), detections);
        testBits = sifting.select(record.bit(), Sifting.testMask(record.basisZ(), bobZ, detections), detections);
        if (key.length() > 0) { // with nothing sifted Bob abandons the block before Cascade
            cascade = new CascadeAlice(kernels, key);
            verification = new Verification.Alice(key);
        }
        return Message.of(TOPIC_SIFT, Map.of(
                "basis_z", new Field.BitsValue(record.basisZ(), detections),
                "intensity", new Field.BytesValue(record.intensity()),
                "pulses", new Field.LongsValue(pulses)));
    }

    private Message testBits(Message message) {
        if (testBits == null) {
            throw new ProtocolException("test bits before sifting");
        }
        message.bits("bits", testBits.length());
        return Message.of(TOPIC_TEST_BITS, Map.of("bits", new Field.BitsValue(testBits.words(), testBits.length())));
    }

    private Message amplify(Message message) {
        if (key == null || verification == null || !verification.verified().orElse(false)) {
            throw new ProtocolException("privacy amplification needs a verified key");
        }
        long outputBits = message.integer("output_bits");
        if (outputBits < 1 || outputBits > key.length()) {
            throw new ProtocolException("amplify.seed needs 0 < output_bits <= key bits");
        }
        BitString seed = PrivacyAmplification.randomSeed(random, PrivacyAmplification.seedBits(key.length(), outputBits));
        finalKey = new PrivacyAmplification(kernels).hash(key, seed, (int) outputBits);
        discard();
        return Message.of(TOPIC_AMPLIFY, Map.of("seed", new Field.BitsValue(seed.words(), seed.length())));
    }

    private void discard() {
        if (key != null) {
            key.wipe();
        }
        if (cascade != null) {
            cascade.wipe();
        }
        if (verification != null) {
            verification.wipe();
        }
        key = null;
        testBits = null;
        cascade = null;
        verification = null;
    }
}
