package io.lightvibes.service.etsi;

/**
 * What the Status object advertises and enc_keys enforces (ETSI GS QKD 014 §6.1).
 *
 * @param kmeId this KME's ID: both SAEs attach to this service, so it is source and target KME
 * @param keySize the default key length, bits
 * @param minKeySize the shortest key, bits
 * @param maxKeySize the longest key, bits
 * @param maxKeyPerRequest the most keys one enc_keys may ask for
 * @param maxKeyCount the most keys that may wait for one master/slave pair
 * @param maxSaeIdCount the most additional slaves one request may name
 * @param keyTtlS how long a slave's copy waits for dec_keys, seconds
 */
public record EtsiLimits(String kmeId, int keySize, int minKeySize, int maxKeySize, int maxKeyPerRequest,
        int maxKeyCount, int maxSaeIdCount, int keyTtlS) {

    /** 256-bit keys by default, 64 to 4096 bits (the guard's ceiling), 128 per request, 100,000 waiting. */
    public static EtsiLimits defaults(String kmeId, int keyTtlS) {
        return new EtsiLimits(kmeId, 256, 64, 4096, 128, 100_000, 8, keyTtlS);
    }
}
