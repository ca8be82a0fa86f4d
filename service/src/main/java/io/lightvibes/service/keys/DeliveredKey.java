package io.lightvibes.service.keys;

/**
 * A key handed out once.
 *
 * @param keyRef the reference it was fetched by
 * @param keySealed base64url (no padding) of the RFC 9180 {@code enc || ciphertext}
 * @param ttlS whole seconds of validity left
 * @param mode where its bits came from
 * @param seal the suite and recipient key it is sealed with
 */
public record DeliveredKey(String keyRef, String keySealed, int ttlS, Mode mode, SealInfo seal) {
}
