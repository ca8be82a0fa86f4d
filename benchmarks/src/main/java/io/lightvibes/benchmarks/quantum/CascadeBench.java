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
 * bits per second ({@code reconciledBits}, per core: one thread) and, at the end of each trial
 * (warm-up included), the mean efficiency f = leak / (n h(e)) with e each key pair's actual
 * error rate, the frame errors (keys left unequal) and the bits reconciled per CPU-second of the
 * benchmark thread (steadier than wall-clock on a shared machine). Published references: Martinez-Mateo et al. report f of about
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

    /** Key pairs reconciled in turn, so f averages over error patterns as well as pass seeds. */
    private static final int PAIRS = 8;

    private Kernels kernel;
    private BitString[] alice;
    private BitString[] bob;
    private double[] actualQber;
    private CascadeParameters params;
    private long seed;
    private long runs;
    private double efficiencySum;
    private long frameErrors;
    private long cpuNanos;

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
        alice = new BitString[PAIRS];
        bob = new BitString[PAIRS];
        actualQber = new double[PAIRS];
        for (int pair = 0; pair < PAIRS; pair++) {
            long[] a = new long[Bits.words(bits)];
            long[] b = new long[a.length];
            long errors = 0;
            for (int i = 0; i < bits; i++) {
                boolean bit = random.nextBoolean();
                boolean error = random.nextDouble() < qber;
                Bits.set(a, i, bit);
                Bits.set(b, i, bit ^ error);
                errors += error ? 1 : 0;
            }
            alice[pair] = BitString.wrap(a, bits);
            bob[pair] = BitString.wrap(b, bits);
            actualQber[pair] = (double) errors / bits;
        }
    }

    /** One reconciliation: Alice's end from her key, Bob's from his, a fresh channel and pass seeds. */
    @Benchmark
    public CascadeResult reconcile(Reconciled counter) {
        int pair = (int) (runs % PAIRS);
        long cpu = CpuTime.nanos();
        var channel = new ClassicalChannel();
        var end = new CascadeAlice(kernel, alice[pair]);
        channel.attach(Role.ALICE, end::onMessage);
        CascadeResult result = CascadeBob.reconcile(kernel, bob[pair], qber, channel, RandomSources.seeded(seed++), params);
        cpuNanos += CpuTime.nanos() - cpu;
        counter.reconciledBits += bits;
        runs++;
        // f against the pair's actual error rate (the nominal QBER only sets the block sizes).
        efficiencySum += Entropy.reconciliationEfficiency(result.disclosedBits(), bits, actualQber[pair]);
        frameErrors += result.key().equals(alice[pair]) ? 0 : 1;
        return result;
    }

    @TearDown(Level.Trial)
    public void report() {
        System.out.printf(Locale.ROOT,
                "%nCascade n=%d QBER=%.2f shuffleFirstPass=%s: f=%.4f over %d runs, %d frame errors, %.2f Mbit per CPU-second%n",
                bits, qber, shuffleFirstPass, efficiencySum / runs, runs, frameErrors, (double) bits * runs / cpuNanos * 1e3);
    }
}
