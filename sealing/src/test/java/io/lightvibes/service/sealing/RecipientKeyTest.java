package io.lightvibes.service.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Recipient keys: key_id, deterministic generation from the injected random, and refusal of bad keys. */
class RecipientKeyTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Points of small order on Curve25519 (RFC 7748 §5 clamping cannot make these safe) and a non-canonical one. */
    private static final String[] LOW_ORDER_POINTS = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    };

    static String sha256Prefix(byte[] publicBytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicBytes)).substring(0, 32);
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void keyIdIsTruncatedSha256OfTheSerializedPublicKey(SealSuite suite) throws Exception {
        RecipientPrivateKey privateKey = RecipientPrivateKey.generate(suite, RANDOM);
        RecipientPublicKey publicKey = privateKey.publicKey();
        assertThat(publicKey.publicBytes()).hasSize(suite.publicKeyLength());
        assertThat(publicKey.keyId()).isEqualTo(privateKey.keyId()).isEqualTo(sha256Prefix(publicKey.publicBytes()))
                .hasSize(32).isLowerCase();
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void keyIdIsStableAndDiffersBetweenKeys(SealSuite suite) {
        RecipientPrivateKey first = RecipientPrivateKey.generate(suite, CountingRandom.from(1));
        RecipientPrivateKey again = RecipientPrivateKey.generate(suite, CountingRandom.from(1));
        RecipientPrivateKey other = RecipientPrivateKey.generate(suite, CountingRandom.from(2));
        assertThat(first.keyId()).isEqualTo(again.keyId()).isNotEqualTo(other.keyId());
        assertThat(first.publicKey()).isEqualTo(again.publicKey()).hasSameHashCodeAs(again.publicKey())
                .isNotEqualTo(other.publicKey());
        // Rebuilding from the serialized forms gives the same identity.
        assertThat(RecipientPrivateKey.of(suite, first.privateBytes()).keyId()).isEqualTo(first.keyId());
        assertThat(RecipientPublicKey.of(suite, first.publicKey().publicBytes()).keyId()).isEqualTo(first.keyId());
    }

    @Test
    void keyIdsDifferBetweenSuitesForTheSameRandomness() {
        Set<String> ids = new HashSet<>();
        for (SealSuite suite : SealSuite.values()) {
            ids.add(RecipientPrivateKey.generate(suite, CountingRandom.from(7)).keyId());
        }
        assertThat(ids).hasSize(2);
    }

    @Test
    void generationDrawsNskBytesFromTheInjectedRandom() {
        CountingRandom random = CountingRandom.from(0);
        for (SealSuite suite : SealSuite.values()) {
            RecipientPrivateKey key = RecipientPrivateKey.generate(suite, random);
            assertThat(key.suite()).isSameAs(suite);
        }
        assertThat(random.requests()).containsExactly(32, 32);
        assertThat(RecipientPrivateKey.generate(SealSuite.X25519, CountingRandom.from(0)).privateBytes())
                .isEqualTo(HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    }

    @Test
    void privateKeyNeitherPrintsNorComparesItsSecret() {
        RecipientPrivateKey privateKey = RecipientPrivateKey.generate(SealSuite.X25519, RANDOM);
        String hex = HexFormat.of().formatHex(privateKey.privateBytes());
        assertThat(privateKey.toString()).doesNotContain(hex).doesNotContain(hex.substring(0, 8))
                .contains(privateKey.keyId()).contains("redacted");
        assertThat(privateKey).isNotEqualTo(RecipientPrivateKey.of(SealSuite.X25519, privateKey.privateBytes()))
                .isEqualTo(privateKey);
        assertThat(privateKey.publicKey().toString()).contains(privateKey.keyId()).contains("x25519");
    }

    @Test
    void serializedFormsAreCopies() {
        RecipientPrivateKey privateKey = RecipientPrivateKey.generate(SealSuite.X25519, RANDOM);
        byte[] leaked = privateKey.privateBytes();
        Arrays.fill(leaked, (byte) 0);
        assertThat(privateKey.privateBytes()).isNotEqualTo(leaked);
        byte[] publicBytes = privateKey.publicKey().publicBytes();
        publicBytes[0] ^= 1;
        assertThat(privateKey.publicKey().publicBytes()).isNotEqualTo(publicBytes);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 1})
    void wrongLengthsAreRefused(int delta) {
        for (SealSuite suite : SealSuite.values()) {
            assertThatThrownBy(() -> RecipientPublicKey.of(suite, new byte[suite.publicKeyLength() + delta]))
                    .isInstanceOf(RecipientKeyException.class)
                    .hasMessage("A %s public key is %d bytes long, this one has %d.", suite.wireName(),
                            suite.publicKeyLength(), suite.publicKeyLength() + delta);
            assertThatThrownBy(() -> RecipientPrivateKey.of(suite, new byte[suite.privateKeyLength() + delta]))
                    .isInstanceOf(RecipientKeyException.class)
                    .hasMessageContaining("private key is 32 bytes long");
        }
    }

    @Test
    void lowOrderX25519PublicKeysAreRefusedInBothSuites() {
        byte[] good = RecipientPrivateKey.generate(SealSuite.MLKEM768_X25519, RANDOM).publicKey().publicBytes();
        for (String point : LOW_ORDER_POINTS) {
            byte[] u = HexFormat.of().parseHex(point);
            assertThatThrownBy(() -> RecipientPublicKey.of(SealSuite.X25519, u))
                    .as(point).isInstanceOf(RecipientKeyException.class).hasMessageContaining("low-order");
            byte[] hybrid = good.clone();
            System.arraycopy(u, 0, hybrid, 1184, 32);
            assertThatThrownBy(() -> RecipientPublicKey.of(SealSuite.MLKEM768_X25519, hybrid))
                    .as(point).isInstanceOf(RecipientKeyException.class).hasMessageContaining("low-order");
        }
    }

    @Test
    void invalidMlKemEncapsulationKeyIsRefused() {
        // Every 12-bit coefficient 0xfff exceeds q = 3329: the FIPS 203 §7.2 modulus check fails.
        byte[] hybrid = RecipientPrivateKey.generate(SealSuite.MLKEM768_X25519, RANDOM).publicKey().publicBytes();
        Arrays.fill(hybrid, 0, 1152, (byte) 0xff);
        assertThatThrownBy(() -> RecipientPublicKey.of(SealSuite.MLKEM768_X25519, hybrid))
                .isInstanceOf(RecipientKeyException.class).hasMessageContaining("ML-KEM-768");
    }
}
