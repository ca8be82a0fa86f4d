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
 * How fast does QBER estimation ({@code Kernels.countErrors} on a disclosed sample) run, Java
 * beside native, against the read bandwidth ({@link MemoryReadBench})? Three operands are read:
 * both ends' bits and the sample mask.
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar ErrorCountingBench -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class ErrorCountingBench {

    @Param({"java", "native"})
    public String implementation;

    @Param({"100000", "1000000", "10000000", "100000000"})
    public long bits;

    private Kernels kernels;
    private long[] alice;
    private long[] bob;
    private long[] sample;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = KernelInputs.kernels(implementation);
        var random = new SplittableRandom(2);
        alice = KernelInputs.randomBits(random, bits, 0);
        bob = alice.clone();
        long[] flips = KernelInputs.randomBits(random, bits, 5); // about 1.6 % errors
        for (int w = 0; w < bob.length; w++) {
            bob[w] ^= flips[w];
        }
        sample = KernelInputs.randomBits(random, bits, 0);
    }

    @Benchmark
    public long countErrors(Throughput throughput) {
        throughput.add(bits, 3 * 8L * Bits.words(bits));
        return kernels.countErrors(alice, bob, sample, bits);
    }
}
