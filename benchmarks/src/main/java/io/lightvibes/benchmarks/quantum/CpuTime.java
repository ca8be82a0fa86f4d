package io.lightvibes.benchmarks.quantum;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU time of the benchmark thread: on a shared machine the work per CPU-second is a steadier
 * per-core figure than wall-clock throughput, so the suites print it beside JMH's own scores.
 */
final class CpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private CpuTime() {
    }

    /** CPU nanoseconds the current thread has used. */
    static long nanos() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
