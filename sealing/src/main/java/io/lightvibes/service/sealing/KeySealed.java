package io.lightvibes.service.sealing;

import java.util.Base64;

/**
 * The {@code key_sealed} text of a sealed blob: base64url without padding (RFC 4648 §5). Decoding
 * is strict (no padding, no whitespace, none of the standard alphabet's {@code +} and {@code /}, no
 * impossible length, canonical trailing bits), so each blob has exactly one spelling.
 */
public final class KeySealed {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private KeySealed() {
    }

    /** The {@code key_sealed} text of {@code raw}. */
    public static String encode(byte[] raw) {
        return ENCODER.encodeToString(raw);
    }

    /**
     * The raw blob of {@code text}.
     *
     * @throws UnsealException for anything but canonical, unpadded, non-empty base64url
     */
    public static byte[] decode(String text) {
        // A length of 1 mod 4 leaves 6 bits: no byte string encodes to it.
        if (text.isEmpty() || text.length() % 4 == 1 || !isBase64UrlAlphabet(text)) {
            throw new UnsealException();
        }
        byte[] raw = DECODER.decode(text);
        // The JDK ignores the unused low bits of the last character; canonical text has them zero.
        if (!ENCODER.encodeToString(raw).equals(text)) {
            throw new UnsealException();
        }
        return raw;
    }

    private static boolean isBase64UrlAlphabet(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!alphabet) {
                return false;
            }
        }
        return true;
    }
}
