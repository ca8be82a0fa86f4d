package io.lightvibes.service.pqc;

import io.lightvibes.service.secrets.SecretBytes;
import java.util.Objects;

/** The end of an exchange that encapsulates to the responder's offered key (FIPS 203 §7.2); stateless. */
public final class MlKemInitiator {

    private final MlKem768 kem;

    public MlKemInitiator(MlKem768 kem) {
        this.kem = Objects.requireNonNull(kem, "kem");
    }

    /**
     * Encapsulates to {@code encapsulationKey} and expands the secret to {@code bits} bits for
     * {@code context}.
     *
     * @return the ciphertext to send to the responder, and this end's key
     * @throws KeyAgreementException if the encapsulation key fails the FIPS 203 input checks
     */
    public Accepted accept(byte[] encapsulationKey, int bits, byte[] context) {
        MlKem768.Encapsulation encapsulation = kem.encapsulate(encapsulationKey);
        try (SecretBytes sharedSecret = encapsulation.sharedSecret()) {
            return new Accepted(encapsulation.ciphertext(), KeyExpansion.expand(sharedSecret, bits, context));
        }
    }

    /** The initiator's result: the 1088-byte ciphertext for the responder and the derived key. */
    public record Accepted(byte[] ciphertext, SecretBytes key) {
    }
}
