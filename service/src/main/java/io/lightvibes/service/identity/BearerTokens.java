package io.lightvibes.service.identity;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Bearer tokens: {@code lv_} followed by base64url (no padding) of 32 random bytes. Shown once
 * when issued; the registry keeps only their {@link TokenHash}.
 */
public final class BearerTokens {

    /** Every token starts with this, so a secret scanner (and a person) can tell what it is. */
    public static final String PREFIX = "lv_";
    /** Random bytes per token: 256 bits. */
    public static final int RANDOM_BYTES = 32;
    /** The whole token: the prefix and 43 base64url characters. */
    public static final Pattern FORMAT = Pattern.compile("lv_[A-Za-z0-9_-]{43}");

    private final SecureRandom random;

    public BearerTokens(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A fresh token and its hash. */
    public IssuedToken issue() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        java.util.Arrays.fill(bytes, (byte) 0);
        return new IssuedToken(token, TokenHash.of(token));
    }

    /** Whether {@code text} has the form of a token (says nothing of whether it is registered). */
    public static boolean looksLikeToken(String text) {
        return FORMAT.matcher(text).matches();
    }

    /**
     * A token just issued, for the one print that shows it. {@link #toString()} hides it.
     *
     * @param token the token itself
     * @param hash what the registry stores
     */
    public record IssuedToken(String token, TokenHash hash) {
        public IssuedToken {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(hash, "hash");
        }

        @Override
        public String toString() {
            return "IssuedToken[(hidden)]";
        }
    }
}
