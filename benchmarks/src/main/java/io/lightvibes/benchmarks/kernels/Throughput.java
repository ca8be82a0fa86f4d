package io.lightvibes.benchmarks.kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Input bits processed (the unit of the Mbit/s and Gbit/s targets). */
    public long inputBits;
    /** Bytes of operands read from memory. */
    public long bytesRead;
    /**
     * CPU nanoseconds the benchmark thread spent (only where {@link #timeCpu} is used): on a shared
     * machine, inputBits / cpuNanos * 1e9 is the rate per core that the wall-clock rate hides.
     */
    public long cpuNanos;

    @Setup(Level.Iteration)
    public void reset() {
        inputBits = 0;
        bytesRead = 0;
        cpuNanos = 0;
    }

    /** The thread's CPU time so far, in nanoseconds (a system call: for operations of a millisecond or more). */
    static long cpuNow() {
        return THREADS.getCurrentThreadCpuTime();
    }

    void timeCpu(long startNanos) {
        cpuNanos += cpuNow() - startNanos;
    }

    void add(long bits, long bytes) {
        inputBits += bits;
        bytesRead += bytes;
    }
}
