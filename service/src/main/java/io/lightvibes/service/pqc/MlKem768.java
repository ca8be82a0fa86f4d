package io.lightvibes.service.pqc;

import io.lightvibes.service.secrets.SecretBytes;
import java.security.SecureRandom;

/**
 * FIPS 203 ML-KEM-768 on plain bytes: the one primitive both ends of a link run. Keys and
 * ciphertexts cross the interface in their FIPS 203 byte forms (encapsulation key 1184 bytes,
 * ciphertext 1088 bytes), so two ends may use different implementations, or sit on two nodes.
 */
public interface MlKem768 {

    /** Bytes of an encapsulation key, {@code 384·k + 32} with k = 3 (FIPS 203 §8, Table 3). */
    int ENCAPSULATION_KEY_BYTES = 1184;
    /** Bytes of a ciphertext, {@code 32·(du·k + dv)} (FIPS 203 §8, Table 3). */
    int CIPHERTEXT_BYTES = 1088;

    /** A fresh key pair (ML-KEM.KeyGen, FIPS 203 §7.1). */
    KeyPair generateKeyPair();

    /**
     * Encapsulates to {@code encapsulationKey} (ML-KEM.Encaps, FIPS 203 §7.2), after the input
     * checks of §7.2 (length, modulus).
     *
     * @throws KeyAgreementException if the key fails those checks
     */
    Encapsulation encapsulate(byte[] encapsulationKey);

    /** The responder's half of one exchange: its encapsulation key, and decapsulation with the secret half. */
    interface KeyPair {

        /** The encapsulation key, 1184 bytes, for the initiator. */
        byte[] encapsulationKey();

        /**
         * ML-KEM.Decaps (FIPS 203 §7.3). A ciphertext of the right length never fails: a tampered
         * one gives an unrelated secret (implicit rejection), which the key check then catches.
         *
         * @throws KeyAgreementException if the ciphertext has the wrong length
         */
        SecretBytes decapsulate(byte[] ciphertext);
    }

    /** What encapsulation gives the initiator: the ciphertext for the responder and the shared secret. */
    record Encapsulation(byte[] ciphertext, SecretBytes sharedSecret) {
    }

    /** The implementation {@code provider} names, drawing its randomness from {@code random}. */
    static MlKem768 of(MlKemProvider provider, SecureRandom random) {
        return switch (provider) {
            case BOUNCY_CASTLE -> new BouncyCastleMlKem768(random);
            case JDK -> new JdkMlKem768(random);
        };
    }
}
