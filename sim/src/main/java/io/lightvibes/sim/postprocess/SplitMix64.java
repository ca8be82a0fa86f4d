package io.lightvibes.sim.postprocess;

/**
 * SplitMix64 (Steele, Lea &amp; Flood, "Fast splittable pseudorandom number generators", OOPSLA
 * 2014): the fully specified generator both ends run on a public seed to derive the same Cascade
 * pass order, whatever platform each end runs on. Bounded draws use Lemire's exact
 * multiply-and-reject method (ACM TOMACS 29(1), 2019), so a C or Python end can match it.
 */
final class SplitMix64 {

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        long z = state += 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, bound), bound &gt;= 1. */
    int nextInt(int bound) {
        long x = nextLong();
        long low = x * bound;
        if (Long.compareUnsigned(low, bound) < 0) {
            long threshold = Long.remainderUnsigned(-bound, bound);
            while (Long.compareUnsigned(low, threshold) < 0) {
                x = nextLong();
                low = x * bound;
            }
        }
        return (int) Math.unsignedMultiplyHigh(x, bound);
    }
}
