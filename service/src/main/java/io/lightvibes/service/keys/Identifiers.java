package io.lightvibes.service.keys;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Session ids (UUID v4) and key refs (192 random bits, 32 base64url characters) from one CSPRNG read. */
final class Identifiers {

    private static final int KEY_REF_BYTES = 24;
    private static final Pattern KEY_REF = Pattern.compile("[A-Za-z0-9_-]{32}");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}");

    private final SecureRandom random;

    Identifiers(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    record Fresh(String sessionId, String keyRef) {
    }

    Fresh next() {
        byte[] fresh = new byte[16 + KEY_REF_BYTES];
        random.nextBytes(fresh);
        // RFC 9562 §5.4: version 4 in the high nibble of byte 6, variant 10 in the top bits of byte 8.
        fresh[6] = (byte) ((fresh[6] & 0x0f) | 0x40);
        fresh[8] = (byte) ((fresh[8] & 0x3f) | 0x80);
        ByteBuffer bits = ByteBuffer.wrap(fresh, 0, 16);
        String sessionId = new UUID(bits.getLong(), bits.getLong()).toString();
        String keyRef = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(java.util.Arrays.copyOfRange(fresh, 16, fresh.length));
        return new Fresh(sessionId, keyRef);
    }

    static boolean isKeyRef(String text) {
        return KEY_REF.matcher(text).matches();
    }

    /** The canonical (lower-case, hyphenated) form of a UUID text, if it is one. */
    static Optional<String> canonicalSessionId(String text) {
        if (text.length() > 40 || !UUID_TEXT.matcher(text).matches()) {
            return Optional.empty();
        }
        String hex = text.replace("-", "").toLowerCase(java.util.Locale.ROOT);
        return Optional.of(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20));
    }
}
