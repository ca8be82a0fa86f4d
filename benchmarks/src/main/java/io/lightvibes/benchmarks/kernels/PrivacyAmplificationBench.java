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
 * How fast is Toeplitz privacy amplification ({@code Kernels.toeplitzHash}), in bits of input key
 * per second, Java beside native? {@code outputShare} is m / n: 1/8 is about the secret fraction
 * of the default 25 km link, 1/2 a short, clean link. Targets (issue 8): 300 Mbit/s at 10^6 bits
 * and 50 Mbit/s at 10^8 per core. The pure-Java hash at 10^8 bits takes minutes per call: run it
 * on its own with {@code -p implementation=java -p bits=100000000 -bm ss}. The counter cpuNanos
 * (CPU time of the benchmark thread) gives the rate per core on a shared machine:
 * inputBits / cpuNanos * 10^9.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar PrivacyAmplificationBench -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xmx6g"})
public class PrivacyAmplificationBench {

    @Param({"java", "native"})
    public String implementation;

    @Param({"100000", "1000000", "10000000", "100000000"})
    public long bits;

    @Param({"0.5", "0.125"})
    public double outputShare;

    private Kernels kernels;
    private long[] key;
    private long[] seed;
    private long[] out;
    private long outputBits;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = KernelInputs.kernels(implementation);
        var random = new SplittableRandom(3);
        outputBits = Math.max(1, (long) (bits * outputShare));
        key = KernelInputs.randomBits(random, bits, 0);
        seed = KernelInputs.randomBits(random, bits + outputBits - 1, 0);
        out = new long[Bits.words(outputBits)];
    }

    /** Returns the output array: the hash is the result. */
    @Benchmark
    public long[] toeplitzHash(Throughput throughput) {
        long start = Throughput.cpuNow();
        kernels.toeplitzHash(key, bits, seed, outputBits, out);
        throughput.timeCpu(start);
        throughput.add(bits, 8L * (Bits.words(bits) + Bits.words(bits + outputBits - 1)));
        return out;
    }
}
