package io.lightvibes.sim.postprocess;

import java.util.Arrays;

/** A growable list of Cascade searches, each a block (pass, level, index) packed in a long. */
final class Searches {

    private long[] items = new long[16];
    private int size;

    static long pack(int pass, int level, long index) {
        return ((long) pass << 40) | ((long) level << 32) | index;
    }

    static int pass(long search) {
        return (int) (search >>> 40);
    }

    static int level(long search) {
        return (int) (search >>> 32) & 0xff;
    }

    static int index(long search) {
        return (int) search;
    }

    void add(int pass, int level, long index) {
        add(pack(pass, level, index));
    }

    void add(long search) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = search;
    }

    void addAll(Searches other) {
        for (int i = 0; i < other.size; i++) {
            add(other.items[i]);
        }
    }

    int size() {
        return size;
    }

    long get(int i) {
        return items[i];
    }

    void set(int i, long search) {
        items[i] = search;
    }

    /** Keeps the first {@code count} entries. */
    void truncate(int count) {
        size = count;
    }

    /** Sorts and drops duplicates (two passes may chase the same error to the same block). */
    void deduplicate() {
        Arrays.sort(items, 0, size);
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (kept == 0 || items[kept - 1] != items[i]) {
                items[kept++] = items[i];
            }
        }
        size = kept;
    }
}
