package io.lightvibes.service.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.config.SecretText;
import io.lightvibes.service.config.Settings;
import io.lightvibes.service.secrets.SecretBytes;
import io.lightvibes.service.testing.TestToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the configured token through SunPKCS11: label to slot, login, keys kept in it by label. */
class Pkcs11TokenTest {

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();

    @Test
    void theWrappingKeyIsMadeInTheTokenOnceAndFoundByLabelAfter() {
        TestToken testToken = TestToken.fromEnvironment();
        String label = "lightvibes-test-" + UUID.randomUUID();
        byte[] blob;
        try (Pkcs11Token first = Pkcs11Token.open(testToken.settings())) {
            assertThat(first.secretKey(label)).isEmpty();
            try (SecretBytes material = SecretBytes.copyOf(new byte[] {1, 2, 3, 4})) {
                blob = first.keyWrapper(label, random).wrap(material, KeyWrapperContract.CONTEXT);
            }
            assertThat(first.secretKey(label)).isPresent();
        }
        try (Pkcs11Token second = Pkcs11Token.open(testToken.settings())) {
            try (SecretBytes opened = second.keyWrapper(label, random).unwrap(blob, KeyWrapperContract.CONTEXT)) {
                assertThat(opened.reveal()).containsExactly(1, 2, 3, 4);
            }
            SecretKey key = second.secretKey(label).orElseThrow();
            // Sensitive and not extractable: SunPKCS11 cannot read its value, so it has no encoding.
            assertThat(key.getEncoded()).isNull();
            assertThat(key.getFormat()).isNull();
            assertThat(key.toString()).contains("token object", "sensitive", "unextractable");
            second.deleteKey(label);
            assertThat(second.secretKey(label)).isEmpty();
        }
    }

    @Test
    void thePinMayComeFromTheFirstLineOfAFile() throws Exception {
        TestToken testToken = TestToken.fromEnvironment();
        Path pinFile = dir.resolve("pin");
        Files.writeString(pinFile, testToken.pin() + "\nnot the pin\n");
        try (Pkcs11Token token = Pkcs11Token.open(testToken.withPinFile(pinFile))) {
            assertThat(token.label()).isEqualTo(testToken.label());
        }
    }

    @Test
    void aWrongPinIsRefusedNamingTheSettingButNotThePin() throws Exception {
        TestToken testToken = TestToken.fromEnvironment();
        String wrong = "wrong-" + UUID.randomUUID();
        assertThatThrownBy(() -> Pkcs11Token.open(testToken.withPin(wrong))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("LIGHTVIBES_PKCS11_PIN").hasMessageContaining("CKR_PIN_INCORRECT")
                .hasMessageContaining(testToken.label()).hasMessageNotContaining(wrong)
                .hasMessageNotContaining(testToken.pin()).hasNoCause();
        Path pinFile = dir.resolve("pin");
        Files.writeString(pinFile, wrong + "\n");
        assertThatThrownBy(() -> Pkcs11Token.open(testToken.withPinFile(pinFile)))
                .hasMessageContaining("CKR_PIN_INCORRECT").hasMessageNotContaining(wrong);
    }

    @Test
    void aMissingTokenIsNamedWithTheLabelsThereAre() {
        TestToken testToken = TestToken.fromEnvironment();
        var settings = new Settings.Hsm(KeyBackend.PKCS11, Optional.of(testToken.module()), "no-such-token",
                Optional.of(new SecretText(testToken.pin())), Optional.empty());
        assertThatThrownBy(() -> Pkcs11Token.open(settings)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LIGHTVIBES_PKCS11_TOKEN_LABEL: no token labelled 'no-such-token'")
                .hasMessageContaining("'" + testToken.label() + "'").hasMessageNotContaining(testToken.pin());
    }

    /**
     * The finding docs/HSM.md reports: SoftHSM2 2.6.1 offers CKM_EDDSA, but the JDK's SunPKCS11 has no
     * Ed25519 key pair generator or signature, so the signing key cannot be an Ed25519 key in the
     * token. If this fails, the JDK has gained it: generate the signing key in the token instead.
     */
    @Test
    void sunPkcs11OffersNoEd25519SoTheSeedIsWrappedInstead() {
        try (Pkcs11Token token = Pkcs11Token.open(TestToken.fromEnvironment().settings())) {
            for (String algorithm : new String[] {"Ed25519", "EdDSA"}) {
                assertThatThrownBy(() -> KeyPairGenerator.getInstance(algorithm, token.provider()))
                        .isInstanceOf(NoSuchAlgorithmException.class);
                assertThatThrownBy(() -> Signature.getInstance(algorithm, token.provider()))
                        .isInstanceOf(NoSuchAlgorithmException.class);
            }
            assertThat(token.provider().getService("Cipher", "AES/GCM/NoPadding")).isNotNull();
        }
    }
}
