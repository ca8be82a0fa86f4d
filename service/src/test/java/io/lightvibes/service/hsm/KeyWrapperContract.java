package io.lightvibes.service.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.secrets.SecretBytes;
import io.lightvibes.service.testing.Bytes;
import io.lightvibes.service.testing.TestToken;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** What every {@link KeyWrapper} does, whatever holds its key; each backend's test supplies the wrappers. */
abstract class KeyWrapperContract {

    static final SecureRandom RANDOM = new SecureRandom();
    static final byte[] CONTEXT = "lightvibes/v1:test:pool".getBytes(StandardCharsets.UTF_8);

    /** The wrapper under test. */
    abstract KeyWrapper wrapper();

    /** A wrapper of the same backend under another key. */
    abstract KeyWrapper otherWrapper();

    static byte[] material(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private byte[] wrap(byte[] material, byte[] context) {
        try (SecretBytes secret = SecretBytes.copyOf(material)) {
            return wrapper().wrap(secret, context);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 32, 1000, 65_536})
    void unwrapGivesBackTheWrappedBytes(int length) {
        byte[] material = material(length);
        byte[] blob = wrap(material, CONTEXT);
        try (SecretBytes opened = wrapper().unwrap(blob, CONTEXT)) {
            assertThat(opened.reveal()).isEqualTo(material);
        }
        assertThat(blob).hasSize(1 + 12 + length + 16);
    }

    @Test
    void theBlobHoldsNoFormOfTheMaterialAndTwoWrapsDiffer() {
        byte[] material = material(32);
        byte[] first = wrap(material, CONTEXT);
        byte[] second = wrap(material, CONTEXT);
        assertThat(first).isNotEqualTo(second);
        for (byte[] form : TestToken.forms(material)) {
            assertThat(Bytes.indexOf(first, form)).isNegative();
        }
    }

    @Test
    void everyFlippedBitIsRefusedWithTheOneMessage() {
        byte[] blob = wrap(material(32), CONTEXT);
        for (int i = 0; i < blob.length; i++) {
            for (int bit = 0; bit < 8; bit += 7) {
                byte[] tampered = blob.clone();
                tampered[i] ^= (byte) (1 << bit);
                assertThatThrownBy(() -> wrapper().unwrap(tampered, CONTEXT)).as("byte %d bit %d", i, bit)
                        .isInstanceOf(UnwrapException.class).hasMessage(UnwrapException.MESSAGE);
            }
        }
    }

    @Test
    void anotherContextTruncationOrExtensionIsRefused() {
        byte[] blob = wrap(material(32), CONTEXT);
        byte[] otherContext = "lightvibes/v1:test:other".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> wrapper().unwrap(blob, otherContext)).isInstanceOf(UnwrapException.class);
        assertThatThrownBy(() -> wrapper().unwrap(blob, new byte[0])).isInstanceOf(UnwrapException.class);
        for (int length : new int[] {0, 1, 13, 29, blob.length - 1}) {
            assertThatThrownBy(() -> wrapper().unwrap(Arrays.copyOf(blob, length), CONTEXT)).as("length %d", length)
                    .isInstanceOf(UnwrapException.class).hasMessage(UnwrapException.MESSAGE);
        }
        assertThatThrownBy(() -> wrapper().unwrap(Arrays.copyOf(blob, blob.length + 1), CONTEXT))
                .isInstanceOf(UnwrapException.class);
        assertThatThrownBy(() -> wrapper().unwrap(null, CONTEXT)).isInstanceOf(UnwrapException.class);
    }

    @Test
    void anotherWrappingKeyCannotOpenTheBlob() {
        byte[] blob = wrap(material(32), CONTEXT);
        assertThatThrownBy(() -> otherWrapper().unwrap(blob, CONTEXT)).isInstanceOf(UnwrapException.class)
                .hasMessage(UnwrapException.MESSAGE);
    }

    @Test
    void theDescriptionAndToStringNameTheKeyNotItsBytes() {
        assertThat(wrapper().description()).isNotBlank();
        assertThat(wrapper().toString()).contains("redacted");
    }
}
