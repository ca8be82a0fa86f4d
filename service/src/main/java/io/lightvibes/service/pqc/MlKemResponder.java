package io.lightvibes.service.pqc;

import io.lightvibes.service.secrets.SecretBytes;
import java.util.Objects;

/**
 * The end of one exchange that offers a fresh encapsulation key and decapsulates (FIPS 203 §7.1,
 * §7.3). One responder serves one exchange: its key pair is made by {@link #offer()} and dropped
 * by {@link #finish}, so nothing long-lived could later open a past exchange (forward secrecy).
 * Not thread-safe; a key source makes one per key.
 */
public final class MlKemResponder {

    private final MlKem768 kem;
    private MlKem768.KeyPair outstanding;
    private boolean used;

    public MlKemResponder(MlKem768 kem) {
        this.kem = Objects.requireNonNull(kem, "kem");
    }

    /**
     * A fresh 1184-byte encapsulation key for the initiator.
     *
     * @throws KeyAgreementException if this responder has already made its offer
     */
    public byte[] offer() {
        if (used) {
            throw new KeyAgreementException("this ML-KEM responder has already offered its one encapsulation key");
        }
        used = true;
        outstanding = kem.generateKeyPair();
        return outstanding.encapsulationKey();
    }

    /**
     * Decapsulates the initiator's ciphertext and expands the secret to {@code bits} bits for
     * {@code context}; the key pair is forgotten whatever happens.
     *
     * @throws KeyAgreementException if there is no outstanding offer or the ciphertext is malformed
     */
    public SecretBytes finish(byte[] ciphertext, int bits, byte[] context) {
        if (outstanding == null) {
            throw new KeyAgreementException("this ML-KEM responder has no outstanding offer");
        }
        MlKem768.KeyPair keyPair = outstanding;
        outstanding = null;
        try (SecretBytes sharedSecret = keyPair.decapsulate(ciphertext)) {
            return KeyExpansion.expand(sharedSecret, bits, context);
        }
    }
}
