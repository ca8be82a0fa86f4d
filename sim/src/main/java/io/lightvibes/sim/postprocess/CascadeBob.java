package io.lightvibes.sim.postprocess;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.Kernels;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Bob's end of Cascade error correction.
 *
 * <p>Variant: Cascade (Brassard &amp; Salvail, "Secret-key reconciliation by public discussion",
 * EUROCRYPT '93, LNCS 765) with the choices of Martinez-Mateo, Pacher, Peev, Ciurana &amp; Martin,
 * "Demystifying the information reconciliation protocol Cascade", Quantum Inf. Comput. 15, 453
 * (2015), their "Cascade opt. (8)": power-of-two block sizes ({@link CascadeParameters}),
 * sub-block reuse (every block whose parity Alice revealed, in any pass, is remembered, and after
 * a correction the smallest remembered block containing the bit that is now odd is searched), and
 * BINARY that asks only for the left half's parity (the right half's follows) and nothing for a
 * half whose parity is already known.
 *
 * <p>Bob drives; Alice only answers. Each pass starts with a fresh random order that both ends
 * derive from a 63-bit seed Bob sends in public. All parity requests of one round (every BINARY
 * step that can proceed, across all passes) travel in one message, so the number of round trips
 * grows with the depth of the search, not with the number of errors. Each end arranges its key in
 * a pass's order once; all parity work then runs through {@link Kernels#blockParities} and
 * {@link Kernels#rangeParity} on contiguous spans.
 */
public final class CascadeBob {

    /** Keys up to this length keep their per-pass trees comfortably inside int indices. */
    static final int MAX_KEY_BITS = 1 << 28;

    private final Kernels kernels;
    private final ClassicalChannel channel;
    private final RandomGenerator random;
    private final CascadeParameters params;
    private final long[] key;
    private final int bits;
    private final long[] zeros;
    private final int[] sizes;
    private final ErrorParities parities = new ErrorParities();

    private CascadeBob(Kernels kernels, BitString key, double qber, ClassicalChannel channel, RandomGenerator random,
            CascadeParameters params) {
        this.kernels = kernels;
        this.channel = channel;
        this.random = random;
        this.params = params;
        this.key = key.words().clone();
        this.bits = key.length();
        this.zeros = new long[Bits.words(bits)];
        this.sizes = params.blockSizes(qber, bits);
    }

    /**
     * Corrects {@code key} towards Alice's through {@code channel}. {@code qber} (an estimate) only
     * sets the block sizes; {@code random} draws the public pass seeds.
     */
    public static CascadeResult reconcile(Kernels kernels, BitString key, double qber, ClassicalChannel channel,
            RandomGenerator random, CascadeParameters params) {
        Objects.requireNonNull(kernels, "kernels");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(params, "params");
        if (key.length() == 0 || key.length() > MAX_KEY_BITS) {
            throw new IllegalArgumentException("Cascade reconciles 1 to " + MAX_KEY_BITS + " bits, not " + key.length());
        }
        if (!(qber >= 0.0 && qber < 0.5)) {
            throw new IllegalArgumentException("Cascade cannot work at QBER " + qber + "; it needs 0 <= QBER < 0.5");
        }
        ChannelStats before = channel.stats();
        var bob = new CascadeBob(kernels, key, qber, channel, random, params);
        bob.run();
        ChannelStats after = channel.stats();
        return new CascadeResult(BitString.wrap(bob.key, bob.bits), after.disclosedBits() - before.disclosedBits(),
                after.messages() - before.messages(), bob.sizes.length);
    }

    private void run() {
        Searches active = startPass(0);
        int passes = sizes.length;
        for (int number = 1; number <= passes; number++) {
            active = search(active, number < passes ? params.overlapBelow() : 0);
            if (number < passes) {
                active.addAll(startPass(number));
            }
        }
        channel.post(Role.BOB, Message.of(CascadeAlice.TOPIC_END));
    }

    private Searches startPass(int number) {
        long seed = random.nextLong() >>> 1;
        boolean shuffle = number > 0 || params.shuffleFirstPass();
        Message reply = channel.request(Role.BOB, Message.of(CascadeAlice.TOPIC_BLOCKS, Map.of(
                "pass", new Field.IntValue(number),
                "seed", new Field.IntValue(seed),
                "block", new Field.IntValue(sizes[number]),
                "bits", new Field.IntValue(bits),
                "shuffle", new Field.IntValue(shuffle ? 1 : 0))));
        PassLayout layout = PassLayout.of(seed, bits, sizes[number], shuffle);
        requireTopic(reply, CascadeAlice.TOPIC_BLOCKS);
        long[] alice = reply.bits("parity", layout.blocks()).words();
        long[] own = new long[Bits.words(layout.blocks())];
        ErrorParities.Pass pass = parities.add(layout);
        if (layout.halves()) {
            layout.halvesParities(kernels, key, zeros, own);
        } else {
            pass.arrange(kernels, key);
            layout.topParities(kernels, pass.arrangedKey(), own);
        }
        var odd = new Searches();
        int top = layout.topLevel();
        for (int block = 0; block < layout.blocks(); block++) {
            boolean differs = (((alice[block >>> 6] ^ own[block >>> 6]) >>> (block & 63)) & 1L) != 0;
            pass.set(top, block, differs ? ErrorParities.ODD : ErrorParities.EVEN);
            if (differs) {
                odd.add(number, top, block);
            }
        }
        if (odd.size() > 0) {
            pass.arrange(kernels, key);
        }
        return odd;
    }

    /**
     * BINARY on every odd block at once, one batched request per halving step; corrections feed
     * new searches back in. Returns the searches still running once at most {@code stopAt} are left.
     */
    private Searches search(Searches active, int stopAt) {
        boolean changed = true;
        int[] found = new int[16];
        while (true) {
            if (changed) {
                keepOdd(active);
            }
            descend(active);
            if (changed) {
                active.deduplicate();
                changed = false;
            }
            int count = 0;
            int kept = 0;
            for (int i = 0; i < active.size(); i++) {
                long s = active.get(i);
                if (Searches.level(s) == 0) {
                    PassLayout layout = parities.pass(Searches.pass(s)).layout;
                    if (count == found.length) {
                        found = Arrays.copyOf(found, count * 2);
                    }
                    found[count++] = layout.keyIndexAt(Searches.index(s));
                } else {
                    active.set(kept++, s);
                }
            }
            active.truncate(kept);
            if (count > 0) {
                count = distinct(found, count);
                for (int i = 0; i < count; i++) {
                    key[found[i] >>> 6] ^= 1L << (found[i] & 63);
                }
                active.addAll(parities.corrected(kernels, key, found, count));
                changed = true;
                continue;
            }
            if (active.size() <= stopAt) {
                return active;
            }
            halve(active);
        }
    }

    /** Drops searches whose block is no longer odd (a correction elsewhere evened it). */
    private void keepOdd(Searches active) {
        int kept = 0;
        for (int i = 0; i < active.size(); i++) {
            long s = active.get(i);
            if (parities.pass(Searches.pass(s)).get(Searches.level(s), Searches.index(s)) == ErrorParities.ODD) {
                active.set(kept++, s);
            }
        }
        active.truncate(kept);
    }

    /** Walks down through sub-blocks whose parities are already known, to the odd one. */
    private void descend(Searches active) {
        for (int i = 0; i < active.size(); i++) {
            long s = active.get(i);
            int pass = Searches.pass(s);
            int level = Searches.level(s);
            int index = Searches.index(s);
            ErrorParities.Pass tree = parities.pass(pass);
            while (level > 0) {
                byte left = tree.get(level - 1, 2 * index);
                if (left == ErrorParities.UNKNOWN) {
                    break;
                }
                // Under an odd block exactly one half is odd.
                index = left == ErrorParities.ODD ? 2 * index : 2 * index + 1;
                level--;
            }
            active.set(i, Searches.pack(pass, level, index));
        }
    }

    /** Asks Alice for every left half's parity and records both halves' error parities. */
    private void halve(Searches active) {
        int n = active.size();
        int[] passNumbers = new int[n];
        int[] levels = new int[n];
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            long s = active.get(i);
            passNumbers[i] = Searches.pass(s);
            levels[i] = Searches.level(s) - 1;
            indices[i] = 2 * Searches.index(s);
        }
        Message reply = channel.request(Role.BOB, Message.of(CascadeAlice.TOPIC_PARITY, Map.of(
                "pass", new Field.IntsValue(passNumbers, 8),
                "level", new Field.IntsValue(levels, 8),
                "index", new Field.IntsValue(indices, 32))));
        requireTopic(reply, CascadeAlice.TOPIC_PARITY);
        long[] alice = reply.bits("parity", n).words();
        for (int i = 0; i < n; i++) {
            ErrorParities.Pass tree = parities.pass(passNumbers[i]);
            int own = tree.parity(kernels, levels[i], indices[i]);
            boolean leftOdd = ((alice[i >>> 6] >>> (i & 63) & 1L) ^ own) != 0;
            tree.set(levels[i], indices[i], leftOdd ? ErrorParities.ODD : ErrorParities.EVEN);
            tree.set(levels[i], indices[i] + 1, leftOdd ? ErrorParities.EVEN : ErrorParities.ODD);
            active.set(i, Searches.pack(passNumbers[i], levels[i], leftOdd ? indices[i] : indices[i] + 1));
        }
    }

    private static int distinct(int[] values, int count) {
        Arrays.sort(values, 0, count);
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (kept == 0 || values[kept - 1] != values[i]) {
                values[kept++] = values[i];
            }
        }
        return kept;
    }

    private static void requireTopic(Message reply, String topic) {
        if (!reply.topic().equals(topic)) {
            throw new ProtocolException("Alice answered " + reply.topic() + " to " + topic);
        }
    }
}
