package io.lightvibes.client;

import java.util.OptionalInt;

/**
 * The policy of a new session; the server's defaults where empty.
 *
 * @param minKeybits the key length in bits (a multiple of 8, 128..8192); the server's default is 256
 * @param ttlS how long the key may wait to be fetched, seconds
 * @param fallback {@code "PQC"} (a post-quantum key when the QKD link cannot serve) or {@code "NONE"}
 */
public record SessionOptions(OptionalInt minKeybits, OptionalInt ttlS, String fallback) {

    /** The server's defaults: 256 bits, its default TTL, PQC fallback. */
    public static final SessionOptions DEFAULTS = new SessionOptions(OptionalInt.empty(), OptionalInt.empty(), "PQC");

    public SessionOptions {
        if (!fallback.equals("PQC") && !fallback.equals("NONE")) {
            throw new IllegalArgumentException("fallback is PQC or NONE");
        }
    }

    /** These options with {@code bits} bits. */
    public SessionOptions withMinKeybits(int bits) {
        return new SessionOptions(OptionalInt.of(bits), ttlS, fallback);
    }

    /** These options with a TTL of {@code seconds}. */
    public SessionOptions withTtlS(int seconds) {
        return new SessionOptions(minKeybits, OptionalInt.of(seconds), fallback);
    }

    /** These options refusing a PQC key: QMK or a 503. */
    public SessionOptions quantumOnly() {
        return new SessionOptions(minKeybits, ttlS, "NONE");
    }
}
