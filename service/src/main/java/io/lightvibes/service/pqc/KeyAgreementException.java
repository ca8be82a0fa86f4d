package io.lightvibes.service.pqc;

/** The two ends of a key exchange derived different keys, or an exchange was used out of order. */
public final class KeyAgreementException extends RuntimeException {

    public KeyAgreementException(String message) {
        super(message);
    }
}
