package io.lightvibes.service.pqc;

import io.lightvibes.service.secrets.SecretBytes;

/** Derives a fresh post-quantum key per request; the port the mode controller depends on. */
public interface PqcKeySource {

    /** Keys are 8 .. 255·32·8 bits in steps of 8 (RFC 5869 §2.3: HKDF output is at most 255·HashLen). */
    int MAX_KEY_BITS = 255 * 32 * 8;

    /**
     * Runs one fresh exchange between the link's two ends and returns the initiator's key of
     * {@code bits} bits, after checking both ends derived the same bytes. {@code context} (the
     * session id) enters HKDF's {@code info}, so keys of different sessions are independent.
     *
     * @throws IllegalArgumentException if {@code bits} is not a multiple of 8 in range
     * @throws KeyAgreementException if the two ends derived different keys
     */
    SecretBytes deriveKey(int bits, byte[] context);
}
