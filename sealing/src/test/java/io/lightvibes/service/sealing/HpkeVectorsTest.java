package io.lightvibes.service.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lightvibes.service.secrets.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.crypto.generators.MLKEMKeyPairGenerator;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.MLKEMKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.util.test.FixedSecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answers: Bouncy Castle's HPKE, driven through our key types, against the published
 * base-mode vectors (RFC 9180 A.1.1, the RFC's X25519/AES-256-GCM JSON vector, draft-ietf-hpke-pq
 * A.5 of draft-04 and of draft-05), on both sides: with the published ephemeral input the sender
 * reproduces the published enc and ciphertext, which the prototype's pyca could not do. Last, the
 * blobs the prototype sealed once must keep opening, which pins the info label, the suites and
 * the key file format.
 */
class HpkeVectorsTest {

    private static final byte[] NO_AAD = new byte[0];

    static Stream<HpkeVectors.Vector> vectors() {
        return HpkeVectors.baseMode().stream();
    }

    static Stream<JsonNode> sealedV1() {
        return HpkeVectors.sealedV1().stream();
    }

    private static HPKE hpkeOf(HpkeVectors.Vector vector) {
        assertThat(vector.json().get("mode").asInt()).isZero();
        return new HPKE(HPKE.mode_base, (short) vector.kemId(), (short) vector.kdfId(), (short) vector.aeadId());
    }

    private static RecipientPrivateKey recipientOf(HpkeVectors.Vector vector) {
        return RecipientPrivateKey.of(vector.suite(), vector.hex("skRm"));
    }

    @Test
    void vectorFilesCoverBothKemsAndOurExactX25519Suite() {
        List<HpkeVectors.Vector> vectors = HpkeVectors.prototypeBaseMode();
        assertThat(vectors).extracting(HpkeVectors.Vector::kemId).containsOnly(0x0020, 0x647A);
        assertThat(vectors).anySatisfy(vector -> {
            assertThat(vector.kemId()).isEqualTo(SealSuite.X25519.kemId());
            assertThat(vector.kdfId()).isEqualTo(SealSuite.X25519.kdfId());
            assertThat(vector.aeadId()).isEqualTo(SealSuite.X25519.aeadId());
        });
        assertThat(HpkeVectors.baseMode()).hasSize(4).allSatisfy(vector -> assertThat(vector.ikmE()).isNotEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void publicKeyFollowsFromThePrivateKey(HpkeVectors.Vector vector) {
        assertThat(recipientOf(vector).publicKey().publicBytes()).isEqualTo(vector.hex("pkRm"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void deriveKeyPairGivesThePublishedRecipientKey(HpkeVectors.Vector vector) {
        HPKE hpke = hpkeOf(vector);
        AsymmetricCipherKeyPair derived = hpke.deriveKeyPair(vector.hex("ikmR"));
        assertThat(hpke.serializePublicKey(derived.getPublic())).isEqualTo(vector.hex("pkRm"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void senderWithThePublishedEphemeralInputGivesThePublishedEncAndCiphertext(HpkeVectors.Vector vector)
            throws InvalidCipherTextException {
        HPKE hpke = hpkeOf(vector);
        RecipientPrivateKey recipient = recipientOf(vector);
        HPKEContextWithEncapsulation sender;
        if (vector.suite() == SealSuite.X25519) {
            // RFC 9180 §7.1.3: the test vectors' ephemeral key is DeriveKeyPair(ikmE).
            AsymmetricCipherKeyPair ephemeral = hpke.deriveKeyPair(vector.ikmE());
            vector.skEm().ifPresent(skEm -> assertThat(((X25519PrivateKeyParameters) ephemeral.getPrivate()).getEncoded())
                    .isEqualTo(skEm));
            sender = hpke.setupBaseS(recipient.publicKey().hpkeKey(), vector.hex("info"), ephemeral);
        } else {
            // The hybrid's ikmE is the 64-byte encapsulation randomness itself.
            sender = hpke.setupBaseS(recipient.publicKey().hpkeKey(), vector.hex("info"), vector.ikmE());
        }
        assertThat(sender.getEncapsulation()).isEqualTo(vector.hex("enc"));
        assertThat(sender.seal(vector.encryption("aad"), vector.encryption("pt"))).isEqualTo(vector.encryption("ct"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void recipientOpensThePublishedCiphertext(HpkeVectors.Vector vector) throws InvalidCipherTextException {
        byte[] opened = hpkeOf(vector)
                .setupBaseR(vector.hex("enc"), recipientOf(vector).hpkeKeyPair(), vector.hex("info"))
                .open(vector.encryption("aad"), vector.encryption("ct"));
        assertThat(opened).isEqualTo(vector.encryption("pt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void keyScheduleMatchesThePublishedKeyAndNonceWithEmptyAad(HpkeVectors.Vector vector) throws Exception {
        // Sequence 0 uses base_nonce itself; we encrypt pt under the published key with the empty
        // aad of our single-shot seal, and the recipient must open it.
        assertThat(vector.encryption("nonce")).isEqualTo(vector.hex("base_nonce"));
        byte[] ciphertext = aead(vector.aeadId(), vector.hex("key"), vector.hex("base_nonce"), vector.encryption("pt"));
        byte[] opened = hpkeOf(vector)
                .setupBaseR(vector.hex("enc"), recipientOf(vector).hpkeKeyPair(), vector.hex("info"))
                .open(NO_AAD, ciphertext);
        assertThat(opened).isEqualTo(vector.encryption("pt"));
        // The published ciphertext was made with aad "Count-0", so it must not open without it.
        assertThat(vector.encryption("aad")).isEqualTo("Count-0".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> hpkeOf(vector)
                .setupBaseR(vector.hex("enc"), recipientOf(vector).hpkeKeyPair(), vector.hex("info"))
                .open(NO_AAD, vector.encryption("ct")))
                .isInstanceOf(InvalidCipherTextException.class);
    }

    @Test
    void ourX25519SuiteIsThePublishedSuite() throws Exception {
        HpkeVectors.Vector vector = HpkeVectors.prototypeBaseMode().stream()
                .filter(v -> v.kemId() == 0x0020 && v.aeadId() == 0x0002).findFirst().orElseThrow();
        byte[] ciphertext = aead(vector.aeadId(), vector.hex("key"), vector.hex("base_nonce"), vector.encryption("pt"));
        byte[] opened = SealSuite.X25519.newHpke()
                .setupBaseR(vector.hex("enc"), recipientOf(vector).hpkeKeyPair(), vector.hex("info"))
                .open(NO_AAD, ciphertext);
        assertThat(opened).isEqualTo(vector.encryption("pt"));
    }

    static Stream<HpkeVectors.Vector> hybridVectors() {
        return vectors().filter(vector -> vector.suite() == SealSuite.MLKEM768_X25519);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hybridVectors")
    void hybridPrivateKeyIsTheSeedThatShake256ExpandsIntoBothComponentKeys(HpkeVectors.Vector vector) {
        // draft-ietf-hpke-pq-05 §4 / X-Wing: SHAKE256(seed, 96) = ML-KEM d || z (64) || X25519 scalar (32).
        byte[] expanded = new byte[96];
        SHAKEDigest shake = new SHAKEDigest(256);
        shake.update(vector.hex("skRm"), 0, 32);
        shake.doFinal(expanded, 0, 96);
        MLKEMKeyPairGenerator mlKem = new MLKEMKeyPairGenerator();
        mlKem.init(new MLKEMKeyGenerationParameters(
                new FixedSecureRandom(Arrays.copyOf(expanded, 64)),
                MLKEMParameters.ml_kem_768));
        byte[] encapsulationKey = ((MLKEMPublicKeyParameters) mlKem.generateKeyPair()
                .getPublic()).getEncoded();
        byte[] x25519Public = new X25519PrivateKeyParameters(expanded, 64)
                .generatePublicKey().getEncoded();
        byte[] pkRm = vector.hex("pkRm");
        assertThat(Arrays.copyOf(pkRm, 1184)).isEqualTo(encapsulationKey);
        assertThat(Arrays.copyOfRange(pkRm, 1184, 1216)).isEqualTo(x25519Public);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sealedV1")
    void prototypeSealedBlobsKeepOpening(JsonNode sealed) {
        SealSuite suite = SealSuite.fromWireName(sealed.get("suite").asText()).orElseThrow();
        String privatePem = sealed.get("private_key_pem").asText();
        String publicPem = sealed.get("public_key_pem").asText();
        RecipientPrivateKey privateKey = KeyFilePem.parsePrivateKey(privatePem.getBytes(StandardCharsets.US_ASCII), "vector");
        RecipientPublicKey publicKey = KeyFilePem.parsePublicKey(publicPem.getBytes(StandardCharsets.US_ASCII), "vector");
        assertThat(privateKey.suite()).isSameAs(publicKey.suite()).isSameAs(suite);
        assertThat(privateKey.keyId()).isEqualTo(publicKey.keyId()).isEqualTo(sealed.get("key_id").asText());
        String keySealed = sealed.get("key_sealed").asText();
        String keyRef = sealed.get("key_ref").asText();
        try (SecretBytes key = HpkeOpener.open(privateKey, keySealed, keyRef)) {
            assertThat(HexFormat.of().formatHex(key.reveal())).isEqualTo(sealed.get("key").asText());
        }
        assertThatThrownBy(() -> HpkeOpener.open(privateKey, keySealed, keyRef + "x")).isInstanceOf(UnsealException.class);
        // The Java writer produces the prototype's files byte for byte, and the text has one spelling.
        assertThat(KeyFilePem.privateKeyToPem(privateKey)).isEqualTo(privatePem);
        assertThat(KeyFilePem.publicKeyToPem(publicKey)).isEqualTo(publicPem);
        assertThat(KeySealed.encode(KeySealed.decode(keySealed))).isEqualTo(keySealed);
        assertThat(KeySealed.decode(keySealed)).hasSize(suite.encLength() + 32 + SealSuite.AEAD_TAG_LENGTH);
    }

    /** The vector's AEAD (RFC 9180 §7.3) from the JDK, independent of Bouncy Castle's. */
    private static byte[] aead(int aeadId, byte[] key, byte[] nonce, byte[] plaintext) throws Exception {
        Cipher cipher;
        if (aeadId == 0x0003) {
            cipher = Cipher.getInstance("ChaCha20-Poly1305");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
        } else {
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        }
        return cipher.doFinal(plaintext);
    }
}
