package io.lightvibes.service.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.UnsealException;
import io.lightvibes.service.secrets.SecretBytes;
import io.lightvibes.sim.link.KeyPool;
import io.lightvibes.sim.link.LinkHealth;
import io.lightvibes.sim.link.LinkState;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Pool shares open only for their replica, id and generation; the pool and health survive the trip intact. */
class PoolSharesTest {

    private final SecureRandom random = new SecureRandom();
    private final RecipientPrivateKey replica = RecipientPrivateKey.generate(PoolShares.SUITE, random);
    private final byte[] bits = random.generateSeed(64);

    private byte[] sealed() {
        return PoolShares.seal(replica.publicKey(), SecretBytes.copyOf(bits), 3, "share-1", random);
    }

    @Test
    void aShareOpensToItsBitsForItsReplicaIdAndGeneration() {
        byte[] sealed = sealed();
        try (SecretBytes opened = PoolShares.open(replica, sealed, 3, "share-1")) {
            assertThat(opened.reveal()).isEqualTo(bits);
        }
        assertThat(HexFormat.of().formatHex(sealed)).doesNotContain(HexFormat.of().formatHex(bits));
    }

    @Test
    void anotherReplicaAnotherIdOrAnotherGenerationCannotOpenIt() {
        byte[] sealed = sealed();
        RecipientPrivateKey other = RecipientPrivateKey.generate(PoolShares.SUITE, random);
        assertThatThrownBy(() -> PoolShares.open(other, sealed, 3, "share-1")).isInstanceOf(UnsealException.class);
        assertThatThrownBy(() -> PoolShares.open(replica, sealed, 3, "share-2")).isInstanceOf(UnsealException.class);
        assertThatThrownBy(() -> PoolShares.open(replica, sealed, 4, "share-1")).isInstanceOf(UnsealException.class);
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> PoolShares.open(replica, sealed, 3, "share-1")).isInstanceOf(UnsealException.class);
    }

    @Test
    void bytesEnterThePoolInTheOrderThePoolHandsThemOut() {
        KeyPool pool = new KeyPool(1 << 12);
        SharedLink.append(pool, bits);
        assertThat(pool.availableBits()).isEqualTo(bits.length * 8L);
        byte[] first = pool.take(24).orElseThrow();
        byte[] rest = pool.take(bits.length * 8 - 24).orElseThrow();
        assertThat(first).containsExactly(bits[0], bits[1], bits[2]);
        assertThat(rest).isEqualTo(java.util.Arrays.copyOfRange(bits, 3, bits.length));
    }

    @Test
    void thePublishedHealthReadsBackAsWrittenWithTheReplicasPool() {
        var health = new LinkHealth(LinkState.DEGRADED, OptionalDouble.of(0.031), 1234.5, 99, OptionalDouble.of(0.25),
                17, Optional.of(Map.of("qber", 0.031, "sifted_bits", 40960, "phase_error", 0.04)));
        LinkHealth read = PublishedHealthJson.decode(PublishedHealthJson.encode(health), 4096);
        assertThat(read.state()).isEqualTo(LinkState.DEGRADED);
        assertThat(read.qber()).isEqualTo(health.qber());
        assertThat(read.rateBps()).isEqualTo(1234.5);
        assertThat(read.poolBits()).isEqualTo(4096);
        assertThat(read.secretFraction()).isEqualTo(health.secretFraction());
        assertThat(read.blocks()).isEqualTo(17);
        assertThat(read.lastBlock().orElseThrow()).containsEntry("sifted_bits", 40960).containsEntry("qber", 0.031);
        LinkHealth empty = PublishedHealthJson.decode(PublishedHealthJson.encode(LinkHealth.down()), 0);
        assertThat(empty.qber()).isEmpty();
        assertThat(empty.lastBlock()).isEmpty();
        assertThatThrownBy(() -> PublishedHealthJson.decode("{\"state\":\"sideways\"}", 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
