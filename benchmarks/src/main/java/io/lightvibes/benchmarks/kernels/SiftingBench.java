package io.lightvibes.benchmarks.kernels;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.Kernels;
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
 * How fast does sifting ({@code Kernels.compress}) run, Java beside native, and how close to the
 * memory's read bandwidth ({@link MemoryReadBench})? The mask keeps about half the positions, as
 * the key-basis sifting of efficient BB84 does (q_x^2 = 0.49).
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar SiftingBench -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SiftingBench {

    @Param({"java", "native"})
    public String implementation;

    @Param({"100000", "1000000", "10000000", "100000000"})
    public long bits;

    private Kernels kernels;
    private long[] source;
    private long[] keep;
    private long[] target;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = KernelInputs.kernels(implementation);
        var random = new SplittableRandom(1);
        source = KernelInputs.randomBits(random, bits, 0);
        keep = KernelInputs.randomBits(random, bits, 0);
        target = new long[Bits.words(bits)];
    }

    /** Returns the count so the work cannot be dropped; the target array is the real output. */
    @Benchmark
    public long compress(Throughput throughput) {
        throughput.add(bits, 2 * 8L * Bits.words(bits));
        return kernels.compress(source, keep, bits, target);
    }
}
