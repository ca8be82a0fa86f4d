package io.lightvibes.sim.postprocess;

import java.math.BigInteger;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Error verification after Cascade: do Alice and Bob now hold the same key? Bob draws a random
 * point r and asks for Alice's polynomial hash of her key at r ({@link PolynomialHash}); he
 * compares it with his own.
 *
 * <p>For two different keys, h_r(m) - h_r(m') is a non-zero polynomial in r of degree at most L,
 * so it has at most L roots and unequal keys pass with probability at most L / p over the choice
 * of r: an epsilon-almost-universal family (Wegman &amp; Carter, J. Comput. Syst. Sci. 22, 265
 * (1981); the polynomial-root bound of den Boer 1993 and Bierbrauer et al., CRYPTO 1993). That
 * probability is the epsilon_cor of the security proof (Tomamichel, Lim, Gisin &amp; Renner, Nat.
 * Commun. 3, 634 (2012)). The smallest Mersenne prime meeting the requested epsilon_cor is used,
 * so the tag (the bits Alice discloses) is q bits long. Only the draw equal to p is rejected, so
 * r is exactly uniform.
 *
 * <p>Topics: Bob sends {@code verify.hash} {bits, exponent, point}; Alice answers
 * {@code verify.tag} {tag} (discloses q bits); Bob sends {@code verify.result} {ok} so Alice
 * knows whether to keep her key.
 */
public final class Verification {

    static final String TOPIC_HASH = "verify.hash";
    static final String TOPIC_TAG = "verify.tag";
    static final String TOPIC_RESULT = "verify.result";

    private Verification() {
    }

    /**
     * The outcome at Bob's end.
     *
     * @param ok the tags agreed
     * @param tagBits bits the tag disclosed
     * @param epsilonCor probability that unequal keys pass (L / p)
     */
    public record Result(boolean ok, int tagBits, double epsilonCor) {
    }

    /** epsilon_cor of the hash: L / p, the most roots a non-zero degree-L polynomial can have. */
    public static double collisionBound(long keyBits, int exponent) {
        return PolynomialHash.blocks(keyBits, exponent) * Math.pow(2.0, -exponent) / (1.0 - Math.pow(2.0, -exponent));
    }

    /** The smallest offered Mersenne exponent whose collision bound meets {@code epsilonCor}. */
    static int exponentFor(long keyBits, double epsilonCor) {
        for (int exponent : PolynomialHash.MERSENNE_EXPONENTS) {
            if (collisionBound(keyBits, exponent) <= epsilonCor) {
                return exponent;
            }
        }
        throw new IllegalArgumentException("epsilon_cor=" + epsilonCor + " is below what a 2^1279 - 1 field can give");
    }

    /** Bob's end: compares polynomial hashes of both keys at a random point he chooses. */
    public static Result verifyBob(BitString key, ClassicalChannel channel, RandomGenerator random, double epsilonCor) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(random, "random");
        if (key.length() == 0) {
            throw new IllegalArgumentException("verification needs a non-empty key");
        }
        if (!(epsilonCor > 0.0 && epsilonCor < 1.0)) {
            throw new IllegalArgumentException("epsilon_cor must lie in (0, 1), got " + epsilonCor);
        }
        int exponent = exponentFor(key.length(), epsilonCor);
        BigInteger point = randomPoint(random, exponent);
        Message reply = channel.request(Role.BOB, Message.of(TOPIC_HASH, Map.of(
                "bits", new Field.IntValue(key.length()),
                "exponent", new Field.IntValue(exponent),
                "point", new Field.BytesValue(toBytes(point, exponent)))));
        if (!reply.topic().equals(TOPIC_TAG)) {
            throw new ProtocolException("Alice did not answer verify.hash with a tag");
        }
        boolean ok = new BigInteger(1, reply.bytes("tag")).equals(PolynomialHash.hash(key, point, exponent));
        channel.post(Role.BOB, Message.of(TOPIC_RESULT, Map.of("ok", new Field.IntValue(ok ? 1 : 0))));
        return new Result(ok, exponent, collisionBound(key.length(), exponent));
    }

    /** A uniform element of GF(2^q - 1): q random bits, redrawn in the one case they equal p. */
    static BigInteger randomPoint(RandomGenerator random, int exponent) {
        BigInteger modulus = BigInteger.ONE.shiftLeft(exponent).subtract(BigInteger.ONE);
        byte[] bytes = new byte[(exponent + 7) / 8];
        while (true) {
            random.nextBytes(bytes);
            BigInteger value = new BigInteger(1, bytes).and(modulus);
            if (!value.equals(modulus)) {
                return value;
            }
        }
    }

    static byte[] toBytes(BigInteger value, int exponent) {
        byte[] out = new byte[(exponent + 7) / 8];
        byte[] raw = value.toByteArray();
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        return out;
    }

    /** Alice's end: answers Bob's hash point with her tag, then learns the result. */
    public static final class Alice {

        private final BitString key;
        private Optional<Boolean> verified = Optional.empty();

        /** Alice's end for her key (copied). */
        public Alice(BitString key) {
            this.key = key.copy();
        }

        /** True or false once Bob announced the result; empty before (or after a new point). */
        public Optional<Boolean> verified() {
            return verified;
        }

        /** Handles one {@code verify.*} message. */
        public Optional<Message> onMessage(Message message) {
            return switch (message.topic()) {
                case TOPIC_HASH -> Optional.of(tag(message));
                case TOPIC_RESULT -> {
                    verified = Optional.of(message.integer("ok") != 0);
                    yield Optional.empty();
                }
                default -> throw new ProtocolException("verification does not handle " + message.topic());
            };
        }

        /** Overwrites Alice's copy of the key. */
        public void wipe() {
            key.wipe();
        }

        private Message tag(Message message) {
            long bits = message.integer("bits");
            long exponent = message.integer("exponent");
            byte[] point = message.bytes("point");
            if (bits != key.length()) {
                throw new ProtocolException("Bob verifies " + bits + " bits, Alice holds " + key.length());
            }
            if (java.util.Arrays.stream(PolynomialHash.MERSENNE_EXPONENTS).noneMatch(e -> e == exponent)) {
                throw new ProtocolException("2^" + exponent + " - 1 is not an agreed hash field");
            }
            int q = (int) exponent;
            BigInteger r = new BigInteger(1, point);
            if (r.bitLength() > q) {
                throw new ProtocolException("the hash point lies outside GF(2^" + q + " - 1)");
            }
            verified = Optional.empty();
            BigInteger tag = PolynomialHash.hash(key, r, q);
            return new Message(TOPIC_TAG, Map.of("tag", new Field.BytesValue(toBytes(tag, q))), q);
        }
    }
}
