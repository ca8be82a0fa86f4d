package io.lightvibes.service.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The key holder: never empty, never printed, compared in constant time, zeroed on close. */
class SecretBytesTest {

    @Test
    void emptyKeyMaterialIsRefused() {
        assertThatThrownBy(() -> SecretBytes.adopt(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SecretBytes.copyOf(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringIsRedacted() {
        try (SecretBytes key = SecretBytes.copyOf(new byte[] {0x41, 0x42, 0x43, 0x44})) {
            assertThat(key.toString()).isEqualTo("SecretBytes[32 bits, redacted]").doesNotContain("41");
        }
    }

    @Test
    void closeZeroesTheBytesAndLaterUseFails() {
        byte[] owned = {1, 2, 3};
        SecretBytes key = SecretBytes.adopt(owned);
        key.close();
        assertThat(owned).containsOnly(0);
        assertThatThrownBy(key::reveal).isInstanceOf(IllegalStateException.class);
        key.close();
    }

    @Test
    void copyOfLeavesTheCallersArrayAlone() {
        byte[] callers = {9, 9};
        SecretBytes.copyOf(callers).close();
        assertThat(callers).containsExactly(9, 9);
    }

    @Test
    void sameAsComparesContents() {
        try (SecretBytes a = SecretBytes.copyOf(new byte[] {1, 2}); SecretBytes b = SecretBytes.copyOf(new byte[] {1, 2});
                SecretBytes c = SecretBytes.copyOf(new byte[] {1, 3}); SecretBytes d = SecretBytes.copyOf(new byte[] {1})) {
            assertThat(a.sameAs(b)).isTrue();
            assertThat(a.sameAs(c)).isFalse();
            assertThat(a.sameAs(d)).isFalse();
            assertThat(a.bits()).isEqualTo(16);
            assertThat(a.length()).isEqualTo(2);
        }
    }
}
