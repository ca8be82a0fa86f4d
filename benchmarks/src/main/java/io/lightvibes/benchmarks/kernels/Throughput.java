package io.lightvibes.benchmarks.kernels;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Per-thread counters that JMH reports as rates beside ops/s: bits of kernel input per second and
 * bytes the kernel has to read per second (what the memory-bandwidth reference is compared with).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Throughput {

    /** Input bits processed (the unit of the Mbit/s and Gbit/s targets). */
    public long inputBits;
    /** Bytes of operands read from memory. */
    public long bytesRead;

    @Setup(Level.Iteration)
    public void reset() {
        inputBits = 0;
        bytesRead = 0;
    }

    void add(long bits, long bytes) {
        inputBits += bits;
        bytesRead += bytes;
    }
}
