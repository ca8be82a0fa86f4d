package io.lightvibes.sim.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.postprocess.BitString;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The key pool: bounded FIFO of final key bits, thread-safe, whole bytes out. */
class KeyPoolTest {

    static BitString bits(String values) {
        long[] words = new long[Bits.words(values.length())];
        for (int i = 0; i < values.length(); i++) {
            Bits.set(words, i, values.charAt(i) == '1');
        }
        return BitString.wrap(words, values.length());
    }

    @Test
    void takeReturnsOldestBitsPackedMsbFirst() {
        var pool = new KeyPool(64);
        pool.append(bits("1010"));
        pool.append(bits("11110000" + "0001"));
        assertThat(pool.availableBits()).isEqualTo(16);
        assertThat(pool.take(8)).hasValueSatisfying(k -> assertThat(k).containsExactly(0b10101111));
        assertThat(pool.take(8)).hasValueSatisfying(k -> assertThat(k).containsExactly(0b00000001));
        assertThat(pool.availableBits()).isZero();
    }

    @Test
    void takeRefusesWhenShortAndKeepsTheBits() {
        var pool = new KeyPool(64);
        pool.append(bits("1".repeat(12)));
        assertThat(pool.take(16)).isEmpty();
        assertThat(pool.availableBits()).isEqualTo(12);
        assertThat(pool.take(8)).hasValueSatisfying(k -> assertThat(k).containsExactly(0xff));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -8, 7, 12})
    void takeWantsWholeBytes(int n) {
        assertThatThrownBy(() -> new KeyPool(64).take(n)).hasMessageContaining("multiple of 8");
    }

    @Test
    void overflowDiscardsTheOldestBits() {
        var pool = new KeyPool(16);
        assertThat(pool.append(bits("0".repeat(8)))).isZero();
        assertThat(pool.append(bits("1".repeat(12)))).isEqualTo(4);
        assertThat(pool.availableBits()).isEqualTo(16);
        assertThat(pool.take(16)).hasValueSatisfying(k -> assertThat(k).containsExactly(0b00001111, 0xff));
        assertThat(pool.append(bits("0".repeat(20) + "1".repeat(16)))).isEqualTo(20);
        assertThat(pool.take(16)).hasValueSatisfying(k -> assertThat(k).containsExactly(0xff, 0xff));
    }

    @Test
    void thePoolKeepsItsOwnCopyAndClearEmptiesIt() {
        var pool = new KeyPool(64);
        BitString source = bits("1".repeat(16));
        pool.append(source);
        source.wipe();
        assertThat(pool.clear()).isEqualTo(16);
        assertThat(pool.availableBits()).isZero();
        pool.append(bits("1".repeat(8)));
        assertThat(pool.take(8)).hasValueSatisfying(k -> assertThat(k).containsExactly(0xff));
        assertThatThrownBy(() -> new KeyPool(7)).hasMessageContaining("at least one byte");
    }

    @Test
    void concurrentAppendsAndTakesLoseAndDuplicateNothing() throws InterruptedException {
        var pool = new KeyPool(1 << 20);
        var random = new SplittableRandom(1);
        List<BitString> blocks = new ArrayList<>();
        for (int b = 0; b < 40; b++) {
            long[] words = new long[125];
            for (int w = 0; w < words.length; w++) {
                words[w] = random.nextLong();
            }
            blocks.add(BitString.wrap(words, 8000));
        }
        var taken = new ConcurrentLinkedQueue<byte[]>();
        Thread producer = Thread.ofPlatform().start(() -> blocks.forEach(b -> pool.append(b)));
        Thread consumer = Thread.ofPlatform().start(() -> {
            int got = 0;
            while (got < 40 * 1000) {
                var key = pool.take(8 * 100);
                if (key.isPresent()) {
                    taken.add(key.get());
                    got += 100;
                }
            }
        });
        producer.join(30_000);
        consumer.join(30_000);
        var all = new ByteArrayOutputStream();
        taken.forEach(all::writeBytes);
        var expected = new ByteArrayOutputStream();
        blocks.forEach(b -> expected.writeBytes(b.toBytesMsbFirst()));
        assertThat(all.toByteArray()).isEqualTo(expected.toByteArray());
    }
}
