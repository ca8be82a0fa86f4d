package io.lightvibes.sim.postprocess;

import io.lightvibes.sim.driver.Bits;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One value of a classical message, with its size on the wire. Arrays are copied on delivery, so
 * the receiver never shares the sender's memory.
 */
public sealed interface Field permits Field.BitsValue, Field.IntValue, Field.BytesValue, Field.TextValue,
        Field.IntsValue, Field.LongsValue {

    /** Bits this value occupies on the wire. */
    long wireBits();

    /** A deep copy. */
    Field copy();

    /** A packed bit string of {@code length} bits (bit-packed on the wire). */
    record BitsValue(long[] words, long length) implements Field {
        public BitsValue {
            Objects.requireNonNull(words, "words");
            if (length < 0 || words.length < Bits.words(length)) {
                throw new IllegalArgumentException("a bit field needs words(length) words");
            }
        }

        @Override
        public long wireBits() {
            return length;
        }

        @Override
        public Field copy() {
            return new BitsValue(Arrays.copyOf(words, Bits.words(length)), length);
        }

        @Override
        public String toString() {
            return "BitsValue[length=" + length + "]";
        }
    }

    /** An integer (64 bits on the wire). */
    record IntValue(long value) implements Field {
        @Override
        public long wireBits() {
            return 64;
        }

        @Override
        public Field copy() {
            return this;
        }
    }

    /** Raw bytes (8 bits each on the wire). */
    record BytesValue(byte[] value) implements Field {
        public BytesValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public long wireBits() {
            return 8L * value.length;
        }

        @Override
        public Field copy() {
            return new BytesValue(value.clone());
        }

        @Override
        public String toString() {
            return "BytesValue[length=" + value.length + "]";
        }
    }

    /** Text (UTF-8 on the wire). */
    record TextValue(String value) implements Field {
        public TextValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public long wireBits() {
            return 8L * value.getBytes(StandardCharsets.UTF_8).length;
        }

        @Override
        public Field copy() {
            return this;
        }
    }

    /** Unsigned integers of {@code width} bits each on the wire (8, 16 or 32). */
    record IntsValue(int[] values, int width) implements Field {
        public IntsValue {
            Objects.requireNonNull(values, "values");
            if (width != 8 && width != 16 && width != 32) {
                throw new IllegalArgumentException("an integer array travels as 8, 16 or 32 bits per value");
            }
        }

        @Override
        public long wireBits() {
            return (long) width * values.length;
        }

        @Override
        public Field copy() {
            return new IntsValue(values.clone(), width);
        }

        @Override
        public String toString() {
            return "IntsValue[length=" + values.length + ", width=" + width + "]";
        }
    }

    /** 64-bit integers (64 bits each on the wire). */
    record LongsValue(long[] values) implements Field {
        public LongsValue {
            Objects.requireNonNull(values, "values");
        }

        @Override
        public long wireBits() {
            return 64L * values.length;
        }

        @Override
        public Field copy() {
            return new LongsValue(values.clone());
        }

        @Override
        public String toString() {
            return "LongsValue[length=" + values.length + "]";
        }
    }
}
