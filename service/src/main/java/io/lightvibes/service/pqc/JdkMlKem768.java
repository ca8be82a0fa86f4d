package io.lightvibes.service.pqc;

import io.lightvibes.service.secrets.SecretBytes;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.DecapsulateException;
import javax.crypto.KEM;

/**
 * ML-KEM-768 from the JDK (JEP 496). The JDK speaks SubjectPublicKeyInfo, not the raw FIPS 203
 * encapsulation key, so the raw key travels with this fixed DER header added or removed: SEQUENCE
 * { SEQUENCE { OID id-alg-ml-kem-768 2.16.840.1.101.3.4.4.2 }, BIT STRING (1184 bytes) } (RFC 9935).
 */
final class JdkMlKem768 implements MlKem768 {

    private static final String ALGORITHM = "ML-KEM";
    private static final byte[] SPKI_HEADER = HexFormat.of().parseHex("308204b2300b0609608648016503040402038204a100");

    private final SecureRandom random;
    /** Immutable and safe to share between threads (javax.crypto.KEM); key factories and generators are not. */
    private final KEM kem;

    JdkMlKem768(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
        try {
            this.kem = KEM.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no ML-KEM-768 (JEP 496)", e);
        }
    }

    @Override
    public KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ML_KEM_768, random);
            java.security.KeyPair pair = generator.generateKeyPair();
            return new JdkKeyPair(kem, rawEncapsulationKey(pair.getPublic()), pair.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no ML-KEM-768 (JEP 496)", e);
        }
    }

    @Override
    public Encapsulation encapsulate(byte[] encapsulationKey) {
        if (encapsulationKey.length != ENCAPSULATION_KEY_BYTES) {
            throw KeyAgreementException.invalidEncapsulationKey(encapsulationKey.length);
        }
        byte[] spki = Arrays.copyOf(SPKI_HEADER, SPKI_HEADER.length + ENCAPSULATION_KEY_BYTES);
        System.arraycopy(encapsulationKey, 0, spki, SPKI_HEADER.length, ENCAPSULATION_KEY_BYTES);
        try {
            PublicKey publicKey = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki));
            // newEncapsulator runs the FIPS 203 §7.2 modulus check and refuses the key if it fails.
            KEM.Encapsulated result = kem.newEncapsulator(publicKey, random).encapsulate();
            return new Encapsulation(result.encapsulation(), SecretBytes.adopt(result.key().getEncoded()));
        } catch (InvalidKeySpecException | InvalidKeyException e) {
            throw KeyAgreementException.invalidEncapsulationKey(encapsulationKey.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no ML-KEM-768 (JEP 496)", e);
        }
    }

    private static byte[] rawEncapsulationKey(PublicKey publicKey) {
        byte[] spki = publicKey.getEncoded();
        if (spki.length != SPKI_HEADER.length + ENCAPSULATION_KEY_BYTES
                || !Arrays.equals(spki, 0, SPKI_HEADER.length, SPKI_HEADER, 0, SPKI_HEADER.length)) {
            throw new IllegalStateException("unexpected ML-KEM-768 public key encoding from the JDK");
        }
        return Arrays.copyOfRange(spki, SPKI_HEADER.length, spki.length);
    }

    private record JdkKeyPair(KEM kem, byte[] encapsulationKey, PrivateKey privateKey) implements KeyPair {

        @Override
        public byte[] encapsulationKey() {
            return encapsulationKey.clone();
        }

        @Override
        public SecretBytes decapsulate(byte[] ciphertext) {
            if (ciphertext.length != CIPHERTEXT_BYTES) {
                throw KeyAgreementException.invalidCiphertext(ciphertext.length);
            }
            try {
                return SecretBytes.adopt(kem.newDecapsulator(privateKey).decapsulate(ciphertext).getEncoded());
            } catch (DecapsulateException e) {
                throw KeyAgreementException.invalidCiphertext(ciphertext.length);
            } catch (InvalidKeyException e) {
                throw new IllegalStateException("the JDK refused the ML-KEM-768 key it generated", e);
            }
        }

        @Override
        public String toString() {
            return "ML-KEM-768 key pair (JDK, redacted)";
        }
    }
}
