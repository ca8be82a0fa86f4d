package io.lightvibes.service.pqc;

import io.lightvibes.service.secrets.SecretBytes;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;

/**
 * The PQC key source: one fresh ML-KEM-768 exchange between the link's two ends per key, each end
 * expanding the shared secret with HKDF-SHA256, and the two keys checked equal in constant time.
 * The ends exchange only bytes (the encapsulation key, then the ciphertext), so they can later run
 * on two nodes. Thread-safe: every call runs its own exchange.
 */
public final class MlKemKeySource implements PqcKeySource {

    private final MlKemInitiator initiator;
    private final MlKem768 responderEnd;

    /** The two ends, each with its own ML-KEM implementation (they may differ: both speak FIPS 203 bytes). */
    public MlKemKeySource(MlKem768 initiatorEnd, MlKem768 responderEnd) {
        this.initiator = new MlKemInitiator(initiatorEnd);
        this.responderEnd = Objects.requireNonNull(responderEnd, "responderEnd");
    }

    /** Both ends on {@code provider}'s ML-KEM, drawing randomness from {@code random}. */
    public static MlKemKeySource using(MlKemProvider provider, SecureRandom random) {
        MlKem768 kem = MlKem768.of(provider, random);
        return new MlKemKeySource(kem, kem);
    }

    /** Both ends on {@link MlKemProvider#DEFAULT}, the faster implementation. */
    public static MlKemKeySource create(SecureRandom random) {
        return using(MlKemProvider.DEFAULT, random);
    }

    @Override
    public SecretBytes deriveKey(int bits, byte[] context) {
        if (bits < 8 || bits > MAX_KEY_BITS || bits % 8 != 0) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "PQC keys are 8..%d bits in steps of 8; %d was asked for", MAX_KEY_BITS, bits));
        }
        Objects.requireNonNull(context, "context");
        MlKemResponder responder = new MlKemResponder(responderEnd);
        byte[] encapsulationKey = responder.offer();
        MlKemInitiator.Accepted accepted = initiator.accept(encapsulationKey, bits, context);
        SecretBytes initiatorKey = accepted.key();
        try (SecretBytes responderKey = responder.finish(accepted.ciphertext(), bits, context)) {
            if (!initiatorKey.sameAs(responderKey)) {
                throw new KeyAgreementException("the two ends of the ML-KEM-768 exchange derived different keys");
            }
        } catch (RuntimeException e) {
            initiatorKey.close();
            throw e;
        }
        return initiatorKey;
    }

    @Override
    public String toString() {
        return "MlKemKeySource[ML-KEM-768 + HKDF-SHA256]";
    }
}
