package io.lightvibes.benchmarks.quantum;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.Kernels;
import io.lightvibes.sim.photonics.RandomSources;
import io.lightvibes.sim.postprocess.BitString;
import io.lightvibes.sim.postprocess.CascadeAlice;
import io.lightvibes.sim.postprocess.CascadeBob;
import io.lightvibes.sim.postprocess.CascadeParameters;
import io.lightvibes.sim.postprocess.CascadeResult;
import io.lightvibes.sim.postprocess.ClassicalChannel;
import io.lightvibes.sim.postprocess.Entropy;
import io.lightvibes.sim.postprocess.Role;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
 * How fast does Cascade (opt. 8 of Martinez-Mateo et al. 2015, both ends in one process over the
 * counting channel) reconcile a key, and how close to the Shannon limit? Reported: reconciled
 * bits per second ({@code reconciledBits}, per core: one thread) and, at the end of each trial,
 * the mean efficiency f = leak / (n h(QBER)) over every reconciliation measured, with the frame
 * errors (keys left unequal). Published references: Martinez-Mateo et al. report f of about
 * 1.05-1.10 for their optimised variants at these QBERs; cascade-cpp (Rijsman) 2.7-5.4 Mbit/s at
 * f 1.05-1.10; the prototype 2.8 Mbit/s at f 1.038 (10^6 bits, 2 %).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CascadeBench -f 1 -wi 2 -i 3</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class CascadeBench {

    @Param({"0.01", "0.02", "0.05", "0.08"})
    public double qber;

    @Param({"100000", "1000000"})
    public int bits;

    @Param({"java"})
    public String kernels;

    @Param({"true"})
    public boolean shuffleFirstPass;

    private Kernels kernel;
    private BitString alice;
    private BitString bob;
    private CascadeParameters params;
    private long seed;
    private long runs;
    private double efficiencySum;
    private long frameErrors;

    /** Reconciled bits, reported as a rate. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Reconciled {
        public long reconciledBits;
    }

    @Setup(Level.Trial)
    public void setUp() {
        kernel = QuantumKernels.named(kernels);
        params = CascadeParameters.defaults().withShuffleFirstPass(shuffleFirstPass);
        var random = new SplittableRandom(2015);
        long[] a = new long[Bits.words(bits)];
        long[] b = new long[a.length];
        for (int i = 0; i < bits; i++) {
            boolean bit = random.nextBoolean();
            Bits.set(a, i, bit);
            Bits.set(b, i, bit ^ (random.nextDouble() < qber));
        }
        alice = BitString.wrap(a, bits);
        bob = BitString.wrap(b, bits);
    }

    /** One reconciliation: Alice's end from her key, Bob's from his, a fresh channel and pass seeds. */
    @Benchmark
    public CascadeResult reconcile(Reconciled counter) {
        var channel = new ClassicalChannel();
        var end = new CascadeAlice(kernel, alice);
        channel.attach(Role.ALICE, end::onMessage);
        CascadeResult result = CascadeBob.reconcile(kernel, bob, qber, channel, RandomSources.seeded(seed++), params);
        counter.reconciledBits += bits;
        runs++;
        efficiencySum += Entropy.reconciliationEfficiency(result.disclosedBits(), bits, qber);
        frameErrors += result.key().equals(alice) ? 0 : 1;
        return result;
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf(Locale.ROOT, "%nCascade n=%d QBER=%.2f: f=%.4f over %d runs, %d frame errors%n",
                bits, qber, efficiencySum / runs, runs, frameErrors);
    }
}
