package io.lightvibes.sim.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClassicalChannelTest {

    @Test
    void countsEveryWireBitAndEveryDisclosedBitInBothDirections() {
        var channel = new ClassicalChannel();
        channel.attach(Role.ALICE, message -> Optional.of(new Message("ans",
                Map.of("p", new Field.BitsValue(new long[] {5}, 3)), 3)));
        channel.attach(Role.BOB, message -> Optional.empty());
        var request = Message.of("ask", Map.of("n", new Field.IntValue(7), "i", new Field.IntsValue(new int[] {1, 2}, 32)));
        channel.request(Role.BOB, request);
        channel.post(Role.ALICE, Message.of("note", Map.of("t", new Field.TextValue("hé"))));
        var stats = channel.stats();
        assertThat(stats.messages()).isEqualTo(3);
        // "ask": 3 bytes of topic, "n" 1 byte + 64, "i" 1 byte + 2 x 32.
        assertThat(stats.wireBitsBobToAlice()).isEqualTo(24 + 8 + 64 + 8 + 64);
        // "ans": 24 + "p" 8 + 3 bits; "note": 32 + "t" 8 + 3 UTF-8 bytes.
        assertThat(stats.wireBitsAliceToBob()).isEqualTo(24 + 8 + 3 + 32 + 8 + 24);
        assertThat(stats.disclosedBits()).isEqualTo(3);
        assertThat(stats.wireBits()).isEqualTo(stats.wireBitsAliceToBob() + stats.wireBitsBobToAlice());
    }

    @Test
    void receiversGetCopiesSoNoMemoryIsShared() {
        var channel = new ClassicalChannel();
        List<Message> received = new ArrayList<>();
        channel.attach(Role.ALICE, message -> {
            received.add(message);
            return Optional.empty();
        });
        long[] words = {0b1011};
        channel.post(Role.BOB, Message.of("bits", Map.of("b", new Field.BitsValue(words, 4))));
        words[0] = 0;
        assertThat(received.getFirst().bits("b", 4).words()[0]).isEqualTo(0b1011);
    }

    @Test
    void oneWayMessagesMustNotBeAnsweredAndRequestsMust() {
        var channel = new ClassicalChannel();
        channel.attach(Role.ALICE, message -> Optional.of(Message.of("echo")));
        channel.attach(Role.BOB, message -> Optional.empty());
        assertThatThrownBy(() -> channel.post(Role.BOB, Message.of("x"))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("one-way");
        assertThatThrownBy(() -> channel.request(Role.ALICE, Message.of("y"))).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("did not answer");
        assertThatThrownBy(() -> new ClassicalChannel().post(Role.BOB, Message.of("z")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fieldAccessorsRefuseWrongShapes() {
        var message = Message.of("t", Map.of("b", new Field.BitsValue(new long[1], 5), "n", new Field.IntValue(1)));
        assertThatThrownBy(() -> message.bits("b", 6)).isInstanceOf(ProtocolException.class).hasMessage("t needs 6 bits in 'b'");
        assertThatThrownBy(() -> message.integer("b")).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> message.bytes("missing")).isInstanceOf(ProtocolException.class);
        assertThat(message.integer("n")).isEqualTo(1);
    }

    @Test
    void bitFieldsNeverPrintTheirBits() {
        assertThat(new Field.BitsValue(new long[] {-1L}, 64).toString()).doesNotContain("-1").contains("64");
        assertThat(BitString.wrap(new long[] {-1L}, 64).toString()).isEqualTo("BitString[64 bits]");
    }
}
