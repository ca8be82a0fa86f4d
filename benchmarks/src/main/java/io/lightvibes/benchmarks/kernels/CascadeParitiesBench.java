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
 * How fast are Cascade's parity kernels, Java beside native? {@code blockParities} over a whole
 * key in blocks of 36 (Cascade's first block at QBER 2 % is about 0.73 / QBER), read in order
 * (pass 1) or through a random permutation (later passes: a gather); {@code rangeParity} over 64
 * permuted positions, one binary-search step, where the call itself is most of the cost.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar CascadeParitiesBench -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CascadeParitiesBench {

    private static final int BLOCK = 36;
    private static final int STEP = 64;

    @Param({"java", "native"})
    public String implementation;

    @Param({"100000", "1000000", "10000000"})
    public int bits;

    @Param({"false", "true"})
    public boolean permuted;

    private Kernels kernels;
    private long[] key;
    private int[] permutation;
    private long[] out;
    private long from;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = KernelInputs.kernels(implementation);
        var random = new SplittableRandom(4);
        key = KernelInputs.randomBits(random, bits, 0);
        permutation = permuted ? KernelInputs.permutation(random, bits) : null;
        out = new long[Bits.words((bits + BLOCK - 1) / BLOCK)];
    }

    @Benchmark
    public long[] blockParities(Throughput throughput) {
        throughput.add(bits, 8L * Bits.words(bits) + (permuted ? 4L * bits : 0));
        kernels.blockParities(key, bits, permutation, BLOCK, out);
        return out;
    }

    /** One binary-search step over STEP positions, walking through the key. */
    @Benchmark
    public int rangeParity(Throughput throughput) {
        throughput.add(STEP, permuted ? 12L * STEP : STEP / 8);
        from = from + STEP <= bits - STEP ? from + STEP : 0;
        return kernels.rangeParity(key, permutation, from, from + STEP);
    }
}
