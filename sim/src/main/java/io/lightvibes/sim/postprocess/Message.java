package io.lightvibes.sim.postprocess;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One classical message: a topic, named fields, and {@code disclosedBits}, what the message
 * reveals about the key to an eavesdropper (the sender declares it; the channel sums it).
 * Accessors check each field's type and size and throw {@link ProtocolException} otherwise.
 */
public record Message(String topic, Map<String, Field> fields, long disclosedBits) {

    public Message {
        Objects.requireNonNull(topic, "topic");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        if (disclosedBits < 0) {
            throw new IllegalArgumentException("disclosed bits are never negative");
        }
    }

    /** A message that discloses nothing about the key. */
    public static Message of(String topic, Map<String, Field> fields) {
        return new Message(topic, fields, 0);
    }

    /** A message without fields. */
    public static Message of(String topic) {
        return new Message(topic, Map.of(), 0);
    }

    /** Size on the wire: topic, field names and packed values. */
    public long wireBits() {
        long size = 8L * topic.getBytes(StandardCharsets.UTF_8).length;
        for (var entry : fields.entrySet()) {
            size += 8L * entry.getKey().getBytes(StandardCharsets.UTF_8).length + entry.getValue().wireBits();
        }
        return size;
    }

    /** A deep copy the receiver may keep. */
    Message copy() {
        var copied = new LinkedHashMap<String, Field>();
        fields.forEach((name, value) -> copied.put(name, value.copy()));
        return new Message(topic, copied, disclosedBits);
    }

    /** The bit string {@code name}, which must be exactly {@code length} bits long. */
    public Field.BitsValue bits(String name, long length) {
        if (fields.get(name) instanceof Field.BitsValue bits && bits.length() == length) {
            return bits;
        }
        throw new ProtocolException(topic + " needs " + length + " bits in '" + name + "'");
    }

    /** The integer {@code name}. */
    public long integer(String name) {
        return field(name, Field.IntValue.class, "an integer").value();
    }

    /** The bytes {@code name}. */
    public byte[] bytes(String name) {
        return field(name, Field.BytesValue.class, "bytes").value();
    }

    /** The text {@code name}. */
    public String text(String name) {
        return field(name, Field.TextValue.class, "text").value();
    }

    /** The unsigned integer array {@code name}. */
    public int[] ints(String name) {
        return field(name, Field.IntsValue.class, "an integer array").values();
    }

    private <T extends Field> T field(String name, Class<T> type, String what) {
        if (type.isInstance(fields.get(name))) {
            return type.cast(fields.get(name));
        }
        throw new ProtocolException(topic + " needs " + what + " '" + name + "'");
    }

    /** The 64-bit integer array {@code name}, which must hold {@code length} values. */
    public long[] longs(String name, int length) {
        if (fields.get(name) instanceof Field.LongsValue value && value.values().length == length) {
            return value.values();
        }
        throw new ProtocolException(topic + " needs " + length + " integers in '" + name + "'");
    }
}
