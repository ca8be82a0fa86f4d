package io.lightvibes.service.pqc;

import java.util.Locale;

/** The two ends of a key exchange derived different keys, or an exchange was used out of order. */
public final class KeyAgreementException extends RuntimeException {

    public KeyAgreementException(String message) {
        super(message);
    }

    static KeyAgreementException invalidEncapsulationKey(int length) {
        return new KeyAgreementException(String.format(Locale.ROOT,
                "the responder's ML-KEM-768 encapsulation key (%d bytes) fails the FIPS 203 §7.2 checks"
                        + " (%d bytes, every coefficient below q = 3329)",
                length, MlKem768.ENCAPSULATION_KEY_BYTES));
    }

    static KeyAgreementException invalidCiphertext(int length) {
        return new KeyAgreementException(String.format(Locale.ROOT,
                "the initiator's ML-KEM-768 ciphertext is %d bytes, FIPS 203 §7.3 requires %d",
                length, MlKem768.CIPHERTEXT_BYTES));
    }
}
