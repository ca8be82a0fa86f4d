package io.lightvibes.sim.postprocess;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.Kernels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Alice's end of Cascade: reveals the parities Bob asks for, and nothing else. Topics:
 * {@code cascade.blocks} (Bob starts a pass: seed, block size; Alice answers every block's
 * parity), {@code cascade.parity} (Bob names sub-blocks; Alice answers their parities) and
 * {@code cascade.end} (Bob is done; Alice forgets the passes). Every parity counts as disclosed.
 */
public final class CascadeAlice {

    static final String TOPIC_BLOCKS = "cascade.blocks";
    static final String TOPIC_PARITY = "cascade.parity";
    static final String TOPIC_END = "cascade.end";

    private final Kernels kernels;
    private final long[] key;
    private final int bits;
    private final long[] zeros;
    private final List<PassLayout> passes = new ArrayList<>();
    private final List<long[]> arranged = new ArrayList<>(); // per pass, built on first need

    /** Alice's end for her sifted key (copied). */
    public CascadeAlice(Kernels kernels, BitString key) {
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        if (key.length() == 0) {
            throw new IllegalArgumentException("Cascade needs a non-empty key");
        }
        this.key = key.words().clone();
        this.bits = key.length();
        this.zeros = new long[Bits.words(bits)];
    }

    /** Handles one {@code cascade.*} message. */
    public Optional<Message> onMessage(Message message) {
        return switch (message.topic()) {
            case TOPIC_BLOCKS -> Optional.of(startPass(message));
            case TOPIC_PARITY -> Optional.of(parities(message));
            case TOPIC_END -> {
                forget();
                yield Optional.empty();
            }
            default -> throw new ProtocolException("Cascade does not handle " + message.topic());
        };
    }

    /** Overwrites Alice's copy of the key. */
    public void wipe() {
        java.util.Arrays.fill(key, 0L);
        forget();
    }

    private void forget() {
        arranged.stream().filter(java.util.Objects::nonNull).forEach(words -> java.util.Arrays.fill(words, 0L));
        arranged.clear();
        passes.clear();
    }

    private long[] arranged(int pass) {
        if (arranged.get(pass) == null) {
            arranged.set(pass, passes.get(pass).arrange(kernels, key));
        }
        return arranged.get(pass);
    }

    private Message startPass(Message message) {
        long number = message.integer("pass");
        long seed = message.integer("seed");
        long block = message.integer("block");
        long keyBits = message.integer("bits");
        boolean shuffle = message.integer("shuffle") != 0;
        if (keyBits != bits) {
            throw new ProtocolException("Bob reconciles " + keyBits + " bits, Alice holds " + bits);
        }
        if (number == 0) {
            forget();
        }
        if (number != passes.size()) {
            throw new ProtocolException("expected pass " + passes.size() + ", got pass " + number);
        }
        if (seed < 0) {
            throw new ProtocolException("the permutation seed must be a 63-bit integer");
        }
        if (block < 1 || block > (1L << 30) || Long.bitCount(block) != 1) {
            throw new ProtocolException("block size " + block + " is not a power of two");
        }
        PassLayout layout = PassLayout.of(seed, bits, (int) block, shuffle);
        passes.add(layout);
        arranged.add(null);
        long[] parities = new long[Bits.words(layout.blocks())];
        if (layout.halves()) {
            layout.halvesParities(kernels, key, zeros, parities); // arranged only if a half is searched
        } else {
            layout.topParities(kernels, arranged(passes.size() - 1), parities);
        }
        return new Message(TOPIC_BLOCKS, Map.of("parity", new Field.BitsValue(parities, layout.blocks())),
                layout.blocks());
    }

    private Message parities(Message message) {
        int[] number = message.ints("pass");
        int[] level = message.ints("level");
        int[] index = message.ints("index");
        if (number.length != level.length || number.length != index.length) {
            throw new ProtocolException("cascade.parity arrays must be of equal length");
        }
        long[] parities = new long[Bits.words(number.length)];
        for (int r = 0; r < number.length; r++) {
            if (number[r] < 0 || number[r] >= passes.size()) {
                throw new ProtocolException("cascade.parity names a pass that has not been started");
            }
            PassLayout layout = passes.get(number[r]);
            if (!layout.contains(level[r], Integer.toUnsignedLong(index[r]))) {
                throw new ProtocolException("cascade.parity asks for a block outside the key");
            }
            if (PassLayout.parity(kernels, arranged(number[r]), level[r], index[r]) == 1) {
                parities[r >>> 6] |= 1L << (r & 63);
            }
        }
        return new Message(TOPIC_PARITY, Map.of("parity", new Field.BitsValue(parities, number.length)), number.length);
    }
}
