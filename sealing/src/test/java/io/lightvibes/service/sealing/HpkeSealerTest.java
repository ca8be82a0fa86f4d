package io.lightvibes.service.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.lightvibes.service.secrets.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Sealing and opening: round trips, the blob layout, key_ref binding, tamper detection, one opaque failure. */
class HpkeSealerTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY_REF = "kr_0123456789abcdef";
    /** A 256-bit key, as a QKD pool or an ML-KEM exchange would hand over. */
    private static final byte[] KEY = range(32);

    private static final Map<SealSuite, RecipientPrivateKey> RECIPIENTS = new EnumMap<>(SealSuite.class);
    private static final Map<SealSuite, byte[]> SEALED = new EnumMap<>(SealSuite.class);

    static {
        for (SealSuite suite : SealSuite.values()) {
            RecipientPrivateKey recipient = RecipientPrivateKey.generate(suite, RANDOM);
            RECIPIENTS.put(suite, recipient);
            SEALED.put(suite, seal(recipient, KEY, KEY_REF));
        }
    }

    private static byte[] range(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static byte[] seal(RecipientPrivateKey recipient, byte[] key, String keyRef) {
        try (SecretBytes secret = SecretBytes.copyOf(key)) {
            return new HpkeSealer(recipient.publicKey(), RANDOM).seal(secret, keyRef);
        }
    }

    private static byte[] open(RecipientPrivateKey recipient, byte[] sealed, String keyRef) {
        try (SecretBytes key = HpkeOpener.open(recipient, sealed, keyRef)) {
            return key.reveal().clone();
        }
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void roundTripsAsTextAndRaw(SealSuite suite) {
        byte[] sealed = SEALED.get(suite);
        try (SecretBytes fromText = HpkeOpener.open(RECIPIENTS.get(suite), KeySealed.encode(sealed), KEY_REF)) {
            assertThat(fromText.reveal()).isEqualTo(KEY);
        }
        assertThat(open(RECIPIENTS.get(suite), sealed, KEY_REF)).isEqualTo(KEY);
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void sealerReportsSuiteAndRecipient(SealSuite suite) {
        Sealer sealer = new HpkeSealer(RECIPIENTS.get(suite).publicKey(), RANDOM);
        assertThat(sealer.suite()).isSameAs(suite);
        assertThat(sealer.recipientKeyId()).isEqualTo(RECIPIENTS.get(suite).keyId());
        assertThat(sealer.toString()).contains(sealer.recipientKeyId());
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void blobIsEncThenCiphertextWithTag(SealSuite suite) {
        int expectedEnc = suite == SealSuite.X25519 ? 32 : 1120;
        assertThat(suite.encLength()).isEqualTo(expectedEnc);
        assertThat(SEALED.get(suite)).hasSize(expectedEnc + KEY.length + 16);
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void everySealIsFresh(SealSuite suite) {
        byte[] first = seal(RECIPIENTS.get(suite), KEY, KEY_REF);
        byte[] second = seal(RECIPIENTS.get(suite), KEY, KEY_REF);
        int enc = suite.encLength();
        assertThat(Arrays.copyOf(first, enc)).isNotEqualTo(Arrays.copyOf(second, enc));
        assertThat(Arrays.copyOfRange(first, enc, first.length)).isNotEqualTo(Arrays.copyOfRange(second, enc, second.length));
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void ephemeralRandomnessComesFromTheInjectedRandom(SealSuite suite) {
        CountingRandom first = CountingRandom.from(3);
        byte[] once = new HpkeSealer(RECIPIENTS.get(suite).publicKey(), first).seal(SecretBytes.copyOf(KEY), KEY_REF);
        byte[] again = new HpkeSealer(RECIPIENTS.get(suite).publicKey(), CountingRandom.from(3))
                .seal(SecretBytes.copyOf(KEY), KEY_REF);
        assertThat(once).isEqualTo(again);
        assertThat(first.requests()).containsExactly(suite == SealSuite.X25519 ? 32 : 64);
        assertThat(open(RECIPIENTS.get(suite), once, KEY_REF)).isEqualTo(KEY);
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void infoBindsTheKeyRef(SealSuite suite) {
        for (String other : List.of("kr_0123456789abcdeF", KEY_REF + " ", KEY_REF.substring(1), "x")) {
            assertThatThrownBy(() -> open(RECIPIENTS.get(suite), SEALED.get(suite), other))
                    .isInstanceOf(UnsealException.class);
        }
    }

    @Test
    void infoIsThePrefixThenTheUtf8KeyRef() {
        assertThat(HpkeInfo.PREFIX).isEqualTo("lightvibes/v1:");
        assertThat(HpkeInfo.forKeyRef("kr_é")).isEqualTo("lightvibes/v1:kr_\u00e9".getBytes(StandardCharsets.UTF_8))
                .endsWith(0x5f, 0xc3, 0xa9);
        assertThatThrownBy(() -> HpkeInfo.forKeyRef("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A key_ref is required to seal or open a key.");
        Sealer sealer = new HpkeSealer(RECIPIENTS.get(SealSuite.X25519).publicKey(), RANDOM);
        assertThatThrownBy(() -> sealer.seal(SecretBytes.copyOf(KEY), "")).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void everySingleBitFlipIsDetected(SealSuite suite) {
        byte[] sealed = SEALED.get(suite);
        List<Integer> survivors = new ArrayList<>();
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] tampered = sealed.clone();
            tampered[bit / 8] = (byte) (tampered[bit / 8] ^ (1 << (bit % 8)));
            try {
                open(RECIPIENTS.get(suite), tampered, KEY_REF);
                survivors.add(bit);
            } catch (UnsealException expected) {
                // detected
            }
        }
        assertThat(survivors).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 17})
    void truncatedBlobsFail(int cut) {
        for (SealSuite suite : SealSuite.values()) {
            byte[] sealed = SEALED.get(suite);
            assertThatThrownBy(() -> open(RECIPIENTS.get(suite), Arrays.copyOf(sealed, sealed.length - cut), KEY_REF))
                    .isInstanceOf(UnsealException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void extendedBlobFails(SealSuite suite) {
        byte[] sealed = SEALED.get(suite);
        assertThatThrownBy(() -> open(RECIPIENTS.get(suite), Arrays.copyOf(sealed, sealed.length + 1), KEY_REF))
                .isInstanceOf(UnsealException.class);
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void blobWithNoRoomForAKeyFails(SealSuite suite) {
        for (int length : new int[] {0, suite.encLength(), suite.encLength() + 16}) {
            assertThatThrownBy(() -> open(RECIPIENTS.get(suite), Arrays.copyOf(SEALED.get(suite), length), KEY_REF))
                    .isInstanceOf(UnsealException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void anotherPrivateKeyOfTheSameSuiteFails(SealSuite suite) {
        RecipientPrivateKey stranger = RecipientPrivateKey.generate(suite, RANDOM);
        assertThatThrownBy(() -> open(stranger, SEALED.get(suite), KEY_REF)).isInstanceOf(UnsealException.class);
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void aPrivateKeyOfTheOtherSuiteFails(SealSuite suite) {
        SealSuite other = suite == SealSuite.X25519 ? SealSuite.MLKEM768_X25519 : SealSuite.X25519;
        assertThatThrownBy(() -> open(RECIPIENTS.get(other), SEALED.get(suite), KEY_REF))
                .isInstanceOf(UnsealException.class);
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void allFailuresLookAlike(SealSuite suite) {
        RecipientPrivateKey recipient = RECIPIENTS.get(suite);
        byte[] sealed = SEALED.get(suite);
        List<ThrowingCallable> attempts = List.of(
                () -> open(recipient, sealed, "another-ref"),
                () -> open(recipient, Arrays.copyOf(sealed, sealed.length - 1), KEY_REF),
                () -> open(RecipientPrivateKey.generate(suite, RANDOM), sealed, KEY_REF),
                () -> HpkeOpener.open(recipient, "not base64url!", KEY_REF),
                () -> open(recipient, sealed, ""),
                () -> open(recipient, new byte[sealed.length], KEY_REF));
        Set<String> messages = new HashSet<>();
        for (ThrowingCallable attempt : attempts) {
            Throwable thrown = catchThrowable(attempt);
            assertThat(thrown).isExactlyInstanceOf(UnsealException.class).hasNoCause();
            messages.add(thrown.getMessage());
        }
        assertThat(messages).containsExactly(UnsealException.MESSAGE);
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void longKeyAndKeyRefRoundTrip(SealSuite suite) {
        byte[] key = new byte[4096];
        RANDOM.nextBytes(key);
        String keyRef = "ref/" + "\u00e9".repeat(300);
        assertThat(open(RECIPIENTS.get(suite), seal(RECIPIENTS.get(suite), key, keyRef), keyRef)).isEqualTo(key);
    }

    @ParameterizedTest
    @EnumSource(SealSuite.class)
    void oneSealerSealsFromManyThreadsAtOnce(SealSuite suite) throws Exception {
        Sealer sealer = new HpkeSealer(RECIPIENTS.get(suite).publicKey(), RANDOM);
        List<Future<byte[]>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 400; i++) {
                String keyRef = "kr_" + i;
                results.add(threads.submit(() -> sealer.seal(SecretBytes.copyOf(KEY), keyRef)));
            }
        }
        for (int i = 0; i < results.size(); i++) {
            assertThat(open(RECIPIENTS.get(suite), results.get(i).get(), "kr_" + i)).isEqualTo(KEY);
        }
    }
}
