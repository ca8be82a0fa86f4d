package io.lightvibes.service.sealing;

import io.lightvibes.service.secrets.SecretBytes;

/** Seals keys to one recipient public key; the port the key service depends on. */
public interface Sealer {

    /** The recipient key's suite. */
    SealSuite suite();

    /** The recipient key's id: lower-case hex of the first 16 bytes of SHA-256 of pkR. */
    String recipientKeyId();

    /**
     * Seals {@code key} for {@code keyRef} (HPKE {@code info = "lightvibes/v1:" + keyRef}) and
     * returns the raw {@code enc || ciphertext}. Throws {@link SealingException} if it cannot.
     */
    byte[] seal(SecretBytes key, String keyRef);
}
