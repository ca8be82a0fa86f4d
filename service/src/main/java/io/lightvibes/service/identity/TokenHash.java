package io.lightvibes.service.identity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.nio.charset.StandardCharsets;

/**
 * SHA-256 of a bearer token: all the registry keeps of it.
 *
 * <p>A plain hash is enough here, unlike for passwords: a token carries 256 random bits, so no
 * dictionary or brute-force search can find a preimage of its hash, and a slow, salted hash
 * (bcrypt, Argon2) would only protect guessable secrets. A fixed, unsalted hash also lets the
 * registry find the peer by an indexed lookup of the hash.
 */
public final class TokenHash {

    /** Bytes of a SHA-256 digest. */
    public static final int LENGTH = 32;

    private final byte[] digest;

    private TokenHash(byte[] digest) {
        this.digest = digest;
    }

    /** The hash of {@code token}, exactly as presented (no trimming, no case folding). */
    public static TokenHash of(String token) {
        try {
            return new TokenHash(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A stored hash (copied). */
    public static TokenHash fromBytes(byte[] digest) {
        if (digest.length != LENGTH) {
            throw new IllegalArgumentException("a token hash is " + LENGTH + " bytes, this one has " + digest.length);
        }
        return new TokenHash(digest.clone());
    }

    /** The digest (a copy), as stored. */
    public byte[] bytes() {
        return digest.clone();
    }

    /** Constant-time comparison ({@link MessageDigest#isEqual}). */
    public boolean matches(TokenHash other) {
        return MessageDigest.isEqual(digest, other.digest);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TokenHash that && matches(that);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(digest);
    }

    /** Redacted: a hash of a secret is still no business of a log. */
    @Override
    public String toString() {
        return "TokenHash[(hidden)]";
    }
}
