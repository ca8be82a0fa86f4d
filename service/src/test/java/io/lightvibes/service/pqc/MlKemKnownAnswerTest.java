package io.lightvibes.service.pqc;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.service.sealing.HpkeVectors;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.secrets.SecretBytes;
import java.util.Arrays;
import java.util.stream.Stream;
import org.bouncycastle.crypto.digests.SHAKEDigest;
import org.bouncycastle.util.test.FixedSecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * FIPS 203 known answers for both ML-KEM-768 implementations, taken from the MLKEM768-X25519 HPKE
 * vectors: their public key starts with the ML-KEM-768 encapsulation key of the seed d || z =
 * SHAKE256(skRm, 96)[0:64], and their enc starts with the ML-KEM ciphertext for m = ikmE[0:32]
 * (draft-ietf-hpke-pq-05 §4, X-Wing). Randomness enters through the injected SecureRandom, in
 * FIPS 203's order: d, z for KeyGen (§7.1), m for Encaps (§7.2).
 */
class MlKemKnownAnswerTest {

    static Stream<HpkeVectors.Vector> hybridVectors() {
        return HpkeVectors.baseMode().stream().filter(vector -> vector.suite() == SealSuite.MLKEM768_X25519);
    }

    @ParameterizedTest
    @EnumSource(MlKemProvider.class)
    void keyGenerationEncapsulationAndDecapsulationGiveThePublishedBytes(MlKemProvider provider) {
        assertThat(hybridVectors()).hasSize(2);
        hybridVectors().forEach(vector -> {
            byte[] expanded = new byte[96];
            SHAKEDigest shake = new SHAKEDigest(256);
            shake.update(vector.hex("skRm"), 0, 32);
            shake.doFinal(expanded, 0, expanded.length);

            MlKem768.KeyPair keyPair = MlKem768.of(provider, new FixedSecureRandom(Arrays.copyOf(expanded, 64)))
                    .generateKeyPair();
            assertThat(keyPair.encapsulationKey()).as(vector.name())
                    .isEqualTo(Arrays.copyOf(vector.hex("pkRm"), MlKem768.ENCAPSULATION_KEY_BYTES));

            MlKem768.Encapsulation encapsulation = MlKem768.of(provider, new FixedSecureRandom(Arrays.copyOf(vector.ikmE(), 32)))
                    .encapsulate(keyPair.encapsulationKey());
            assertThat(encapsulation.ciphertext()).as(vector.name())
                    .isEqualTo(Arrays.copyOf(vector.hex("enc"), MlKem768.CIPHERTEXT_BYTES));
            try (SecretBytes sent = encapsulation.sharedSecret();
                    SecretBytes received = keyPair.decapsulate(encapsulation.ciphertext())) {
                assertThat(received.sameAs(sent)).isTrue();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(MlKemProvider.class)
    void bothImplementationsDeriveTheSameSharedSecret(MlKemProvider provider) {
        HpkeVectors.Vector vector = hybridVectors().findFirst().orElseThrow();
        byte[] m = Arrays.copyOf(vector.ikmE(), 32);
        byte[] encapsulationKey = Arrays.copyOf(vector.hex("pkRm"), MlKem768.ENCAPSULATION_KEY_BYTES);
        try (SecretBytes ours = MlKem768.of(provider, new FixedSecureRandom(m)).encapsulate(encapsulationKey).sharedSecret();
                SecretBytes other = MlKem768.of(other(provider), new FixedSecureRandom(m)).encapsulate(encapsulationKey)
                        .sharedSecret()) {
            assertThat(ours.sameAs(other)).isTrue();
        }
    }

    private static MlKemProvider other(MlKemProvider provider) {
        return provider == MlKemProvider.JDK ? MlKemProvider.BOUNCY_CASTLE : MlKemProvider.JDK;
    }
}
