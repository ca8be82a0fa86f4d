package io.lightvibes.service.evidence;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The text rules that c2sp.org/signed-note and c2sp.org/tlog-checkpoint share. */
final class NoteText {

    private NoteText() {}

    /** One non-empty line with no control character (below U+0020). */
    static boolean isLine(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < 0x20) {
                return false;
            }
        }
        return true;
    }

    /** c2sp.org/signed-note, Format: no ASCII control characters other than newline. */
    static boolean hasControlOtherThanNewline(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                return true;
            }
        }
        return false;
    }

    /** c2sp.org/signed-note: key names are non-empty and contain no Unicode spaces and no '+'. */
    static boolean isKeyName(String name) {
        if (!isLine(name) || name.indexOf('+') >= 0) {
            return false;
        }
        return name.codePoints().noneMatch(
                cp -> Character.isWhitespace(cp) || Character.isSpaceChar(cp) || cp == 0x85);
    }

    /** Whether {@code text} has a UTF-8 form: no lone surrogate. */
    static boolean isWellFormedUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Padded standard base64 (RFC 4648 §4) in its one canonical spelling, decoded. */
    static Optional<byte[]> strictBase64(String text) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        // The JDK decoder accepts missing padding and ignores non-zero trailing bits: re-encoding
        // must give the text back, or it was not the canonical spelling.
        return Base64.getEncoder().encodeToString(decoded).equals(text) ? Optional.of(decoded) : Optional.empty();
    }
}
