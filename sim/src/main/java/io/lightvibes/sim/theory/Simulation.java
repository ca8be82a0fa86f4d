package io.lightvibes.sim.theory;

import io.lightvibes.sim.driver.Kernels;
import io.lightvibes.sim.driver.PhotonicsDriver;
import io.lightvibes.sim.photonics.JavaPhotonicsDriver;
import io.lightvibes.sim.photonics.LinkParameters;
import io.lightvibes.sim.photonics.RandomSources;
import io.lightvibes.sim.postprocess.BlockResult;
import io.lightvibes.sim.postprocess.BlockRunner;
import io.lightvibes.sim.postprocess.CascadeParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Offline runs for {@code lightvibes simulate}: one block per distance, each distilled by the
 * real post-processing, returned as {@link SimulationPoint}s. The kernels and the photonics
 * driver are the caller's choice (Java or native); one seed reproduces a whole sweep.
 */
public final class Simulation {

    /** Told after each finished block: how many are done, how many there are, and the point. */
    @FunctionalInterface
    public interface Progress {
        void blockDone(int done, int total, SimulationPoint point);

        /** No progress reporting. */
        static Progress none() {
            return (done, total, point) -> { };
        }
    }

    private final BlockRunner runner;
    private final RandomGenerator.SplittableGenerator random;

    /**
     * @param kernels the bit kernels
     * @param driver the photonics driver (already seeded by its creator)
     * @param random the two ends' randomness
     */
    public Simulation(Kernels kernels, PhotonicsDriver driver, RandomGenerator.SplittableGenerator random) {
        this.runner = new BlockRunner(kernels, driver, CascadeParameters.defaults());
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A simulation on the Java photonics driver, everything derived from {@code seed}. */
    public static Simulation seeded(Kernels kernels, long seed) {
        RandomGenerator.SplittableGenerator root = RandomSources.seeded(seed);
        return new Simulation(kernels, new JavaPhotonicsDriver(root.split()), root.split());
    }

    /**
     * Runs one block at each of {@code distancesKm} (in order) with {@code params} otherwise.
     *
     * @param asymptotic the asymptotic key length instead of the finite-key bound
     */
    public List<SimulationPoint> run(LinkParameters params, List<Double> distancesKm, boolean asymptotic,
            Progress progress) {
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(progress, "progress");
        List<SimulationPoint> points = new ArrayList<>(distancesKm.size());
        for (double distanceKm : distancesKm) {
            LinkParameters at = params.withDistanceKm(distanceKm);
            BlockResult result = runner.run(at, random, asymptotic);
            result.key().wipe(); // offline runs report statistics, never key bits
            SimulationPoint point = SimulationPoint.of(at, result.statistics());
            points.add(point);
            progress.blockDone(points.size(), distancesKm.size(), point);
        }
        return List.copyOf(points);
    }
}
