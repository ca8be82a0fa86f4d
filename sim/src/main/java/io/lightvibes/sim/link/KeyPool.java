package io.lightvibes.sim.link;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.postprocess.BitString;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The key pool: final QKD key bits waiting for a session, in memory only. Bounded and first-in
 * first-out: when a new block would overflow it, the oldest bits are discarded (and overwritten,
 * not just dropped). Key bits leave only through {@link #take}, which removes them. Thread-safe:
 * the link thread appends while request handlers take.
 */
public final class KeyPool {

    private record Chunk(long[] words, int length) {
    }

    private final long capacityBits;
    private final Deque<Chunk> chunks = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private int head; // bits of the first chunk already consumed
    private long available;

    public KeyPool(long capacityBits) {
        if (capacityBits < 8) {
            throw new IllegalArgumentException("a key pool must hold at least one byte, got " + capacityBits + " bits");
        }
        this.capacityBits = capacityBits;
    }

    public long capacityBits() {
        return capacityBits;
    }

    /** Bits waiting in the pool. */
    public long availableBits() {
        lock.lock();
        try {
            return available;
        } finally {
            lock.unlock();
        }
    }

    /** Adds final key bits (copied); returns how many old or excess bits were discarded to make room. */
    public long append(BitString bits) {
        int keep = (int) Math.min(bits.length(), capacityBits);
        long excess = bits.length() - keep;
        if (keep == 0) {
            return excess;
        }
        long[] copy = new long[Bits.words(keep)];
        int from = bits.length() - keep;
        for (int i = 0; i < keep; i++) {
            if (bits.get(from + i)) {
                copy[i >>> 6] |= 1L << (i & 63);
            }
        }
        lock.lock();
        try {
            chunks.addLast(new Chunk(copy, keep));
            available += keep;
            return excess + dropLocked(Math.max(0, available - capacityBits));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes and returns the oldest {@code bits} bits (a positive multiple of 8), packed most
     * significant bit first; empty if the pool holds fewer (and then nothing is removed).
     */
    public Optional<byte[]> take(int bits) {
        if (bits <= 0 || bits % 8 != 0) {
            throw new IllegalArgumentException("take a positive multiple of 8 bits, not " + bits);
        }
        lock.lock();
        try {
            if (available < bits) {
                return Optional.empty();
            }
            byte[] key = new byte[bits / 8];
            int filled = 0;
            while (filled < bits) {
                Chunk chunk = chunks.getFirst();
                int count = Math.min(bits - filled, chunk.length() - head);
                for (int i = 0; i < count; i++) {
                    if (Bits.get(chunk.words(), head + i)) {
                        key[(filled + i) >>> 3] |= (byte) (0x80 >>> ((filled + i) & 7));
                    }
                }
                filled += count;
                advanceLocked(count);
            }
            return Optional.of(key);
        } finally {
            lock.unlock();
        }
    }

    /** Discards every bit (e.g. when the link is quarantined); returns how many. */
    public long clear() {
        lock.lock();
        try {
            return dropLocked(available);
        } finally {
            lock.unlock();
        }
    }

    private long dropLocked(long bits) {
        long dropped = 0;
        while (dropped < bits) {
            Chunk chunk = chunks.getFirst();
            int count = (int) Math.min(bits - dropped, chunk.length() - head);
            advanceLocked(count);
            dropped += count;
        }
        return dropped;
    }

    /** Consumes {@code count} bits of the first chunk, overwriting them. */
    private void advanceLocked(int count) {
        Chunk chunk = chunks.getFirst();
        for (int i = head; i < head + count; i++) {
            chunk.words()[i >>> 6] &= ~(1L << (i & 63));
        }
        head += count;
        available -= count;
        if (head == chunk.length()) {
            Arrays.fill(chunk.words(), 0L);
            chunks.removeFirst();
            head = 0;
        }
    }
}
