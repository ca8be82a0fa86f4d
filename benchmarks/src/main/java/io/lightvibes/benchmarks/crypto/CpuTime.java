package io.lightvibes.benchmarks.crypto;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The benchmark thread's CPU time in the measured calls, reported beside JMH's wall-clock score
 * as two per-iteration counters ({@code cpuNanos}, {@code calls}; their quotient is CPU time per
 * call). On a machine shared with other work the wall clock also counts time the thread waited
 * for a core; CPU time does not, so ratios of it stay meaningful when the machine is busy. Reading
 * the clock costs well under a microsecond per call, against calls of tens of microseconds.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** CPU nanoseconds spent in the measured calls this iteration. */
    public long cpuNanos;
    /** Measured calls this iteration. */
    public long calls;

    @Setup(Level.Iteration)
    public void reset() {
        cpuNanos = 0;
        calls = 0;
    }

    /** The thread's CPU clock now, to pass to {@link #stop}. */
    long start() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /** Adds the CPU time since {@code started} as one call. */
    void stop(long started) {
        cpuNanos += THREADS.getCurrentThreadCpuTime() - started;
        calls++;
    }
}
