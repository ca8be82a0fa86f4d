package io.lightvibes.service.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One party's sealed copy of a session key: RFC 9180 {@code enc || ciphertext}, never the key.
 *
 * @param keyRef the opaque reference the party fetches it by
 * @param sessionId the session it belongs to
 * @param party the registered peer whose copy it is, or {@link #INITIATOR} when the session was
 *     opened without authentication (one copy, for whoever holds the key_ref)
 * @param sealed the raw sealed blob
 * @param mode {@code "QMK"} or {@code "PQC"}
 * @param sealSuite the sealing suite's wire name
 * @param recipientKeyId the recipient key's id
 * @param expiresAt when it is destroyed if not fetched
 */
public record SealedKeyRecord(
        String keyRef,
        String sessionId,
        String party,
        byte[] sealed,
        String mode,
        String sealSuite,
        String recipientKeyId,
        Instant expiresAt) {

    /** The one party of a session opened without authentication. */
    public static final String INITIATOR = "initiator";

    public SealedKeyRecord {
        Objects.requireNonNull(keyRef, "keyRef");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(party, "party");
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(sealSuite, "sealSuite");
        Objects.requireNonNull(recipientKeyId, "recipientKeyId");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
