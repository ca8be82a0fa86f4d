package io.lightvibes.service.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a field name says it holds key material, so the entry encoder can refuse it at any
 * depth: {@code key}, {@code session_key}, {@code key_sealed}, {@code secret}, {@code privateKey}...
 * References to keys ({@code key_ref}, {@code key_id}, {@code recipient_key_id}) are fine.
 */
final class KeyMaterialNames {

    // Words that mark key material anywhere in a name (split at '_', '-', '.' and camelCase).
    private static final Set<String> SECRET_WORDS = Set.of(
            "dek", "kek", "material", "passphrase", "password", "plaintext", "private", "psk",
            "sealed", "secret", "secrets", "seed");
    // "key" at the end of a name (key, session_key) or before one of the value words names the key
    // itself; before anything else (key_ref, key_id) it names a reference to it.
    private static final Set<String> KEY_WORDS = Set.of("key", "keys");
    private static final Set<String> KEY_VALUE_WORDS = Set.of(
            "b64", "base64", "blob", "bytes", "data", "der", "hex", "pem", "raw", "value");

    private KeyMaterialNames() {}

    static boolean isKeyMaterialName(String name) {
        List<String> words = words(name);
        if (words.isEmpty()) {
            return false;
        }
        if (KEY_WORDS.contains(words.getLast())) {
            return true;
        }
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (SECRET_WORDS.contains(word)) {
                return true;
            }
            if (KEY_WORDS.contains(word) && i + 1 < words.size() && KEY_VALUE_WORDS.contains(words.get(i + 1))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The name's words: a lowercase letter or digit followed by an uppercase one starts a new word
     * (camelCase), the name is lowercased, and anything but ASCII letters and digits separates
     * words. The same words as the prototype's regular expressions, without their cost per name.
     */
    private static List<String> words(String name) {
        StringBuilder marked = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i > 0 && isAsciiUpper(c) && isAsciiLowerOrDigit(name.charAt(i - 1))) {
                marked.append('_');
            }
            marked.append(c);
        }
        String lowered = marked.toString().toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>(4);
        int start = -1;
        for (int i = 0; i <= lowered.length(); i++) {
            boolean wordChar = i < lowered.length() && isAsciiLowerOrDigit(lowered.charAt(i));
            if (wordChar && start < 0) {
                start = i;
            } else if (!wordChar && start >= 0) {
                words.add(lowered.substring(start, i));
                start = -1;
            }
        }
        return words;
    }

    private static boolean isAsciiUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isAsciiLowerOrDigit(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
    }
}
