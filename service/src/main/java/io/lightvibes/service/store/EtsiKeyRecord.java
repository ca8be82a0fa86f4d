package io.lightvibes.service.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A slave SAE's copy of an ETSI GS QKD 014 key as stored: wrapped by the key wrapper, never the key.
 *
 * @param keyId the key_ID (UUID text) both SAEs name the key by
 * @param slaveSaeId the SAE that may take this copy with dec_keys
 * @param masterSaeId the SAE that requested it with enc_keys
 * @param wrapped the key wrapped at rest (bound to key_ID and both SAE IDs)
 * @param keyBits the key length
 * @param mode {@code "QMK"} or {@code "PQC"}
 * @param createdAt when enc_keys made it
 * @param expiresAt when it is destroyed if not taken
 */
public record EtsiKeyRecord(String keyId, String slaveSaeId, String masterSaeId, byte[] wrapped, int keyBits,
        String mode, Instant createdAt, Instant expiresAt) {

    public EtsiKeyRecord {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(slaveSaeId, "slaveSaeId");
        Objects.requireNonNull(masterSaeId, "masterSaeId");
        Objects.requireNonNull(wrapped, "wrapped");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
