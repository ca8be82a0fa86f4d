package io.lightvibes.client;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A session the server opened: fetch its key with {@link LightvibesClient#fetchKey(String)}.
 *
 * @param sessionId the session's id
 * @param keyRef what both parties fetch the key by
 * @param mode {@code QMK} (from the QKD link) or {@code PQC} (ML-KEM-768)
 * @param qber the link's QBER when it was opened; empty without a link
 * @param rateBps the link's secret key rate when it was opened
 * @param keyBits the key length
 * @param ttlS how long the key waits to be fetched, seconds
 * @param expiresAt when the key is destroyed if not fetched
 */
public record Session(String sessionId, String keyRef, String mode, OptionalDouble qber, double rateBps, int keyBits,
        int ttlS, Instant expiresAt) {
}
