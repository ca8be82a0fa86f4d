package io.lightvibes.service.pqc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.secrets.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The two ends on their own: bytes only between them, one use per responder, input checks. */
class MlKemExchangeTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] CONTEXT = "ctx".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @EnumSource(MlKemProvider.class)
    void bothEndsDeriveTheSameKeyFromBytesAlone(MlKemProvider provider) {
        MlKemResponder responder = new MlKemResponder(MlKem768.of(provider, RANDOM));
        byte[] offer = responder.offer();
        assertThat(offer).hasSize(MlKem768.ENCAPSULATION_KEY_BYTES);
        MlKemInitiator.Accepted accepted = new MlKemInitiator(MlKem768.of(provider, RANDOM)).accept(offer, 256, CONTEXT);
        assertThat(accepted.ciphertext()).hasSize(MlKem768.CIPHERTEXT_BYTES);
        try (SecretBytes initiatorKey = accepted.key();
                SecretBytes responderKey = responder.finish(accepted.ciphertext(), 256, CONTEXT)) {
            assertThat(initiatorKey.sameAs(responderKey)).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(MlKemProvider.class)
    void aResponderServesExactlyOneExchange(MlKemProvider provider) {
        MlKemResponder responder = new MlKemResponder(MlKem768.of(provider, RANDOM));
        assertThatThrownBy(() -> responder.finish(new byte[MlKem768.CIPHERTEXT_BYTES], 256, CONTEXT))
                .isInstanceOf(KeyAgreementException.class)
                .hasMessage("this ML-KEM responder has no outstanding offer");
        byte[] offer = responder.offer();
        MlKemInitiator.Accepted accepted = new MlKemInitiator(MlKem768.of(provider, RANDOM)).accept(offer, 256, CONTEXT);
        responder.finish(accepted.ciphertext(), 256, CONTEXT).close();
        assertThatThrownBy(() -> responder.finish(accepted.ciphertext(), 256, CONTEXT))
                .isInstanceOf(KeyAgreementException.class)
                .hasMessage("this ML-KEM responder has no outstanding offer");
        assertThatThrownBy(responder::offer)
                .isInstanceOf(KeyAgreementException.class)
                .hasMessageContaining("already offered");
    }

    @ParameterizedTest
    @EnumSource(MlKemProvider.class)
    void encapsulationKeyFailingTheModulusCheckIsRefused(MlKemProvider provider) {
        byte[] offer = new MlKemResponder(MlKem768.of(provider, RANDOM)).offer();
        // Every 12-bit coefficient 0xfff exceeds q = 3329 (FIPS 203 §7.2 modulus check); rho stays.
        Arrays.fill(offer, 0, 1152, (byte) 0xff);
        MlKemInitiator initiator = new MlKemInitiator(MlKem768.of(provider, RANDOM));
        assertThatThrownBy(() -> initiator.accept(offer, 256, CONTEXT))
                .isInstanceOf(KeyAgreementException.class)
                .hasMessageContaining("FIPS 203 §7.2");
    }

    @ParameterizedTest
    @EnumSource(MlKemProvider.class)
    void malformedLengthsAreRefused(MlKemProvider provider) {
        MlKemInitiator initiator = new MlKemInitiator(MlKem768.of(provider, RANDOM));
        assertThatThrownBy(() -> initiator.accept(new byte[1183], 256, CONTEXT))
                .isInstanceOf(KeyAgreementException.class)
                .hasMessageContaining("(1183 bytes)");
        MlKemResponder responder = new MlKemResponder(MlKem768.of(provider, RANDOM));
        responder.offer();
        assertThatThrownBy(() -> responder.finish(new byte[1087], 256, CONTEXT))
                .isInstanceOf(KeyAgreementException.class)
                .hasMessage("the initiator's ML-KEM-768 ciphertext is 1087 bytes, FIPS 203 §7.3 requires 1088");
    }

    @ParameterizedTest
    @EnumSource(MlKemProvider.class)
    void aTamperedCiphertextGivesTheResponderAnotherKey(MlKemProvider provider) {
        MlKemResponder responder = new MlKemResponder(MlKem768.of(provider, RANDOM));
        MlKemInitiator.Accepted accepted = new MlKemInitiator(MlKem768.of(provider, RANDOM))
                .accept(responder.offer(), 256, CONTEXT);
        byte[] tampered = accepted.ciphertext().clone();
        tampered[0] = (byte) (tampered[0] ^ 0x80);
        try (SecretBytes initiatorKey = accepted.key();
                SecretBytes responderKey = responder.finish(tampered, 256, CONTEXT)) {
            assertThat(initiatorKey.sameAs(responderKey)).isFalse();
        }
    }
}
