package io.lightvibes.benchmarks.quantum;

import io.lightvibes.sim.driver.DetectionBlock;
import io.lightvibes.sim.driver.Kernels;
import io.lightvibes.sim.photonics.JavaPhotonicsDriver;
import io.lightvibes.sim.photonics.LinkParameters;
import io.lightvibes.sim.photonics.RandomSources;
import io.lightvibes.sim.postprocess.AliceEnd;
import io.lightvibes.sim.postprocess.BlockResult;
import io.lightvibes.sim.postprocess.BlockRunner;
import io.lightvibes.sim.postprocess.BobEnd;
import io.lightvibes.sim.postprocess.BobOutcome;
import io.lightvibes.sim.postprocess.CascadeParameters;
import io.lightvibes.sim.postprocess.ClassicalChannel;
import io.lightvibes.sim.postprocess.Role;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does one block cost end to end? {@code postProcessing}: sift, test-basis estimate, decoy
 * bounds, Cascade, verification and Toeplitz privacy amplification between the two ends over the
 * counting channel, on a detection block sampled once; {@code wholeBlock}: the same with the
 * photonics driver sampling a fresh block each time. The default running link is 2 x 10^8 pulses
 * at 25 km (about 4.3 x 10^5 sifted bits, 5 x 10^4 secret bits, finite key). Reported per core
 * (one thread): blocks per second and {@code siftedBits} per second, and at the end of each
 * trial the sifted bits per CPU-second of the benchmark thread (both benchmarks of a trial).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar BlockBench -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class BlockBench {

    @Param({"100000000", "200000000"})
    public long pulses;

    @Param({"25"})
    public double distanceKm;

    @Param({"java"})
    public String kernels;

    private Kernels kernel;
    private LinkParameters params;
    private DetectionBlock block;
    private BlockRunner runner;
    private RandomGenerator.SplittableGenerator random;
    private long cpuNanos;
    private long siftedTotal;

    /** Sifted bits distilled, reported as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Distilled {
        public long siftedBits;
    }

    @Setup(Level.Trial)
    public void setUp() {
        kernel = QuantumKernels.named(kernels);
        params = LinkParameters.defaults().withDistanceKm(distanceKm).withPulsesPerBlock(pulses);
        block = new JavaPhotonicsDriver(RandomSources.seeded(3)).nextBlock(params.toPhotonicsConfig());
        runner = new BlockRunner(kernel, new JavaPhotonicsDriver(RandomSources.seeded(4)), CascadeParameters.defaults());
        random = RandomSources.seeded(5);
    }

    /** Sifting to privacy amplification on one detection block. */
    @Benchmark
    public BobOutcome postProcessing(Distilled counter) {
        long cpu = CpuTime.nanos();
        var channel = new ClassicalChannel();
        var alice = new AliceEnd(kernel, block.pulses(), block.alice(), random.split());
        var bob = new BobEnd(kernel, params, block.bob(), block.detections(), random.split(), false,
                CascadeParameters.defaults());
        channel.attach(Role.ALICE, alice::onMessage);
        BobOutcome outcome = bob.run(channel);
        cpuNanos += CpuTime.nanos() - cpu;
        siftedTotal += outcome.siftedBits();
        counter.siftedBits += outcome.siftedBits();
        return outcome;
    }

    /** A fresh block from the Java photonics driver, then the post-processing. */
    @Benchmark
    public BlockResult wholeBlock(Distilled counter) {
        long cpu = CpuTime.nanos();
        BlockResult result = runner.run(params, random, false);
        cpuNanos += CpuTime.nanos() - cpu;
        siftedTotal += result.statistics().siftedBits();
        counter.siftedBits += result.statistics().siftedBits();
        return result;
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf(Locale.ROOT, "%n%.0e pulses at %.0f km: %.2f Mbit of sifted key per CPU-second%n",
                (double) pulses, distanceKm, siftedTotal / (cpuNanos / 1e9) / 1e6);
        cpuNanos = 0;
        siftedTotal = 0;
    }
}
