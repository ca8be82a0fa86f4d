package io.lightvibes.service.sealing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.bouncycastle.crypto.hpke.HPKE;
import org.junit.jupiter.api.Test;

/** The suites' CLI names, IANA code points and lengths agree with the specs and with Bouncy Castle. */
class SealSuiteTest {

    @Test
    void wireNamesAreTheKemChoices() {
        assertThat(Arrays.stream(SealSuite.values()).map(SealSuite::wireName))
                .containsExactly("x25519", "mlkem768-x25519");
        assertThat(SealSuite.fromWireName("mlkem768-x25519")).contains(SealSuite.MLKEM768_X25519);
        assertThat(SealSuite.fromWireName("X25519")).isEmpty();
        assertThat(SealSuite.MLKEM768_X25519).hasToString("mlkem768-x25519");
    }

    @Test
    void codePointsAndDescriptions() {
        assertThat(SealSuite.X25519.kemId()).isEqualTo(0x0020).isEqualTo(HPKE.kem_X25519_SHA256);
        assertThat(SealSuite.MLKEM768_X25519.kemId()).isEqualTo(0x647A).isEqualTo(HPKE.kem_MLKEM768_X25519);
        for (SealSuite suite : SealSuite.values()) {
            assertThat(suite.kdfId()).isEqualTo(0x0001).isEqualTo(HPKE.kdf_HKDF_SHA256);
            assertThat(suite.aeadId()).isEqualTo(0x0002).isEqualTo(HPKE.aead_AES_GCM256);
        }
        assertThat(SealSuite.X25519.description()).isEqualTo("DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM");
        assertThat(SealSuite.MLKEM768_X25519.description()).isEqualTo("MLKEM768-X25519, HKDF-SHA256, AES-256-GCM");
    }

    @Test
    void lengthsMatchTheSpecsAndBouncyCastle() {
        assertThat(SealSuite.X25519.encLength()).isEqualTo(32).isEqualTo(SealSuite.X25519.newHpke().getEncSize());
        assertThat(SealSuite.MLKEM768_X25519.encLength()).isEqualTo(1120)
                .isEqualTo(SealSuite.MLKEM768_X25519.newHpke().getEncSize());
        assertThat(SealSuite.X25519.publicKeyLength()).isEqualTo(32);
        assertThat(SealSuite.MLKEM768_X25519.publicKeyLength()).isEqualTo(1216);
        for (SealSuite suite : SealSuite.values()) {
            assertThat(suite.privateKeyLength()).isEqualTo(32);
            assertThat(suite.newHpke().getAeadId()).isEqualTo((short) SealSuite.AEAD_AES_256_GCM);
        }
    }

    @Test
    void eachOperationGetsItsOwnHpkeInstance() {
        assertThat(SealSuite.X25519.newHpke()).isNotSameAs(SealSuite.X25519.newHpke());
    }
}
