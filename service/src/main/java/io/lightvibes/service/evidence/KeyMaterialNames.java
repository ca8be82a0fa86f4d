package io.lightvibes.service.evidence;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

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
    private static final Pattern CAMEL_BOUNDARY = Pattern.compile("([a-z0-9])([A-Z])");
    private static final Pattern SEPARATORS = Pattern.compile("[^a-z0-9]+");

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

    private static List<String> words(String name) {
        String split = CAMEL_BOUNDARY.matcher(name).replaceAll("$1_$2").toLowerCase(Locale.ROOT);
        List<String> words = new ArrayList<>();
        for (String word : SEPARATORS.split(split)) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
