package io.lightvibes.service.pqc;

import io.lightvibes.service.secrets.SecretBytes;
import java.security.SecureRandom;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.SecretWithEncapsulation;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.kems.MLKEMExtractor;
import org.bouncycastle.crypto.kems.MLKEMGenerator;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;

/** ML-KEM-768 from Bouncy Castle's lightweight API; every call builds its own (cheap) engine objects. */
final class BouncyCastleMlKem768 implements MlKem768 {

    private final SecureRandom random;

    BouncyCastleMlKem768(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public KeyPair generateKeyPair() {
        MLKEMKeyPairGenerator generator = new MLKEMKeyPairGenerator();
        generator.init(new MLKEMKeyGenerationParameters(random, MLKEMParameters.ml_kem_768));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new BouncyCastleKeyPair((MLKEMPublicKeyParameters) pair.getPublic(),
                (MLKEMPrivateKeyParameters) pair.getPrivate());
    }

    @Override
    public Encapsulation encapsulate(byte[] encapsulationKey) {
        MLKEMPublicKeyParameters publicKey;
        try {
            // The constructor runs the FIPS 203 §7.2 type (length) and modulus checks.
            publicKey = new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768, encapsulationKey);
        } catch (IllegalArgumentException e) {
            throw KeyAgreementException.invalidEncapsulationKey(encapsulationKey.length);
        }
        SecretWithEncapsulation result = new MLKEMGenerator(random).generateEncapsulated(publicKey);
        return new Encapsulation(result.getEncapsulation(), SecretBytes.adopt(result.getSecret()));
    }

    private record BouncyCastleKeyPair(MLKEMPublicKeyParameters publicKey, MLKEMPrivateKeyParameters privateKey)
            implements KeyPair {

        @Override
        public byte[] encapsulationKey() {
            return publicKey.getEncoded();
        }

        @Override
        public SecretBytes decapsulate(byte[] ciphertext) {
            if (ciphertext.length != CIPHERTEXT_BYTES) {
                throw KeyAgreementException.invalidCiphertext(ciphertext.length);
            }
            return SecretBytes.adopt(new MLKEMExtractor(privateKey).extractSecret(ciphertext));
        }

        @Override
        public String toString() {
            return "ML-KEM-768 key pair (Bouncy Castle, redacted)";
        }
    }
}
