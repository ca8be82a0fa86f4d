package io.lightvibes.service.sealing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The key_sealed text: unpadded base64url, decoded strictly so each blob has one spelling. */
class KeySealedTest {

    @Test
    void encodingIsUnpaddedBase64Url() {
        byte[] raw = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf, 0x00};
        assertThat(KeySealed.encode(raw)).isEqualTo("-_-_AA");
        assertThat(KeySealed.decode("-_-_AA")).isEqualTo(raw);
    }

    @Test
    void everyLengthClassRoundTrips() {
        SecureRandom random = new SecureRandom();
        for (int length = 1; length < 40; length++) {
            byte[] raw = new byte[length];
            random.nextBytes(raw);
            String text = KeySealed.encode(raw);
            assertThat(text).doesNotContain("=");
            assertThat(KeySealed.decode(text)).isEqualTo(raw);
            assertThat(Base64.getUrlDecoder().decode(text)).isEqualTo(raw);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", // empty
        "-_-_AA==", // padded
        "+/+/AA", // the standard alphabet
        "-_-_ AA", // whitespace
        "-_-_AA\n", // a trailing newline
        "-_-_A", // a length of 1 mod 4 is never base64
        "-_-_AB", // non-zero trailing bits: not the canonical spelling
        "-_-_AAB", // the same with two bytes
        "-_-_\u00c4A", // non-ASCII
    })
    void decodingIsStrict(String text) {
        assertThatThrownBy(() -> KeySealed.decode(text))
                .isExactlyInstanceOf(UnsealException.class)
                .hasMessage(UnsealException.MESSAGE);
    }
}
