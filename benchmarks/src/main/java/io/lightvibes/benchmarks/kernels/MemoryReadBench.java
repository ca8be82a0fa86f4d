package io.lightvibes.benchmarks.kernels;

import io.lightvibes.sim.driver.Bits;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The memory-bandwidth reference, in the same run as the kernels: a STREAM-style read (McCalpin's
 * STREAM "sum" without the write) of two arrays as large as sifting's operands at each size,
 * summed by a loop the JIT vectorises. One core; the sizes fall in L1/L2 (10^5, 10^6 bits), L2/L3
 * (10^7) and L3/DRAM (10^8), so each kernel is compared with the bandwidth of the same level.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MemoryReadBench -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class MemoryReadBench {

    @Param({"100000", "1000000", "10000000", "100000000"})
    public long bits;

    private long[] a;
    private long[] b;

    @Setup(Level.Trial)
    public void setUp() {
        var random = new SplittableRandom(5);
        a = KernelInputs.randomBits(random, bits, 0);
        b = KernelInputs.randomBits(random, bits, 0);
    }

    @Benchmark
    public long read(Throughput throughput) {
        throughput.add(bits, 2 * 8L * Bits.words(bits));
        long sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] + b[i];
        }
        return sum;
    }
}
