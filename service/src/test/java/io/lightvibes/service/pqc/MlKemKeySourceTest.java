package io.lightvibes.service.pqc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.pqc.MlKem768.Encapsulation;
import io.lightvibes.service.secrets.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class MlKemKeySourceTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] SESSION = "s-0123456789".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @EnumSource(MlKemProvider.class)
    void derivesKeysOfTheRequestedLength(MlKemProvider provider) {
        MlKemKeySource source = MlKemKeySource.using(provider, RANDOM);
        for (int bits : new int[] {8, 128, 256, 8192, PqcKeySource.MAX_KEY_BITS}) {
            try (SecretBytes key = source.deriveKey(bits, SESSION)) {
                assertThat(key.bits()).isEqualTo(bits);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -8, 7, 12, 255, PqcKeySource.MAX_KEY_BITS + 8, Integer.MIN_VALUE})
    void refusesLengthsThatAreNotAMultipleOfEightInRange(int bits) {
        MlKemKeySource source = MlKemKeySource.create(RANDOM);
        assertThatThrownBy(() -> source.deriveKey(bits, SESSION))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PQC keys are 8..65280 bits in steps of 8; " + bits + " was asked for");
    }

    @ParameterizedTest
    @EnumSource(MlKemProvider.class)
    void everyKeyComesFromAFreshExchange(MlKemProvider provider) {
        MlKemKeySource source = MlKemKeySource.using(provider, RANDOM);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            try (SecretBytes key = source.deriveKey(256, SESSION)) {
                keys.add(HexFormat.of().formatHex(key.reveal()));
            }
        }
        assertThat(keys).hasSize(20);
    }

    @ParameterizedTest
    @EnumSource(MlKemProvider.class)
    void keyIsHkdfSha256OfTheSharedSecretWithTheContextInInfo(MlKemProvider provider) throws Exception {
        List<byte[]> secrets = new ArrayList<>();
        MlKem768 initiatorEnd = new Intercepted(MlKem768.of(provider, RANDOM), encapsulation -> {
            secrets.add(encapsulation.sharedSecret().reveal().clone());
            return encapsulation;
        });
        MlKemKeySource source = new MlKemKeySource(initiatorEnd, MlKem768.of(provider, RANDOM));
        try (SecretBytes key = source.deriveKey(512, SESSION)) {
            // The JDK's own HKDF (JEP 510), independent of the Bouncy Castle HKDF the source uses.
            byte[] info = "lightvibes/v1 pqc-key:s-0123456789".getBytes(StandardCharsets.US_ASCII);
            byte[] expected = KDF.getInstance("HKDF-SHA256").deriveData(HKDFParameterSpec.ofExtract()
                    .addIKM(new SecretKeySpec(secrets.getFirst(), "Generic"))
                    .thenExpand(info, 64));
            assertThat(key.reveal()).isEqualTo(expected);
        }
    }

    @Test
    void differentContextsGiveIndependentKeysFromTheSameSecret() {
        try (SecretBytes secret = SecretBytes.copyOf(new byte[32]);
                SecretBytes first = KeyExpansion.expand(secret, 256, "s-1".getBytes(StandardCharsets.US_ASCII));
                SecretBytes second = KeyExpansion.expand(secret, 256, "s-2".getBytes(StandardCharsets.US_ASCII))) {
            assertThat(first.sameAs(second)).isFalse();
        }
    }

    @Test
    void hkdfMatchesRfc5869TestCase3() {
        // RFC 5869 Appendix A.3: SHA-256, no salt, no info.
        byte[] okm = KeyExpansion.hkdfSha256(HexFormat.of().parseHex("0b".repeat(22)), new byte[0], 42);
        assertThat(HexFormat.of().formatHex(okm)).isEqualTo(
                "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
    }

    @ParameterizedTest
    @EnumSource(MlKemProvider.class)
    void endsOnDifferentImplementationsAgree(MlKemProvider initiatorProvider) {
        MlKemProvider responderProvider = initiatorProvider == MlKemProvider.JDK
                ? MlKemProvider.BOUNCY_CASTLE : MlKemProvider.JDK;
        MlKemKeySource source = new MlKemKeySource(
                MlKem768.of(initiatorProvider, RANDOM), MlKem768.of(responderProvider, RANDOM));
        try (SecretBytes key = source.deriveKey(256, SESSION)) {
            assertThat(key.bits()).isEqualTo(256);
        }
    }

    @ParameterizedTest
    @EnumSource(MlKemProvider.class)
    void endsThatDeriveDifferentKeysAreRefused(MlKemProvider provider) {
        // One bit of the ciphertext flips on the way: the responder's implicit rejection yields another secret.
        MlKem768 tamperedLink = new Intercepted(MlKem768.of(provider, RANDOM), encapsulation -> {
            byte[] ciphertext = encapsulation.ciphertext().clone();
            ciphertext[100] ^= 0x01;
            return new Encapsulation(ciphertext, encapsulation.sharedSecret());
        });
        MlKemKeySource source = new MlKemKeySource(tamperedLink, MlKem768.of(provider, RANDOM));
        assertThatThrownBy(() -> source.deriveKey(256, SESSION))
                .isInstanceOf(KeyAgreementException.class)
                .hasMessage("the two ends of the ML-KEM-768 exchange derived different keys");
    }

    @Test
    void defaultSourceUsesTheDefaultProviderAndSaysWhatItIs() {
        assertThat(MlKemProvider.DEFAULT).isIn((Object[]) MlKemProvider.values());
        assertThat(MlKemKeySource.create(RANDOM).toString()).doesNotContain("[B@");
    }

    /** An initiator end whose every encapsulation passes through {@code onTheWay} (a recorder, a noisy link). */
    private record Intercepted(MlKem768 delegate, UnaryOperator<Encapsulation> onTheWay) implements MlKem768 {

        @Override
        public KeyPair generateKeyPair() {
            return delegate.generateKeyPair();
        }

        @Override
        public Encapsulation encapsulate(byte[] encapsulationKey) {
            return onTheWay.apply(delegate.encapsulate(encapsulationKey));
        }
    }
}
