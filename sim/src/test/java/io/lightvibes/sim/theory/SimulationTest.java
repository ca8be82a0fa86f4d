package io.lightvibes.sim.theory;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.sim.driver.JavaKernels;
import io.lightvibes.sim.photonics.LinkParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Offline sweeps for {@code lightvibes simulate}: points, the theory curve, progress, reproducibility. */
class SimulationTest {

    static final LinkParameters PARAMS = LinkParameters.defaults().withPulsesPerBlock(5_000_000);

    static List<SimulationPoint> sweep(long seed, List<Double> distances, List<Integer> progress) {
        return Simulation.seeded(new JavaKernels(), seed).run(PARAMS, distances, true,
                (done, total, point) -> progress.add(done));
    }

    @Test
    void sweepReturnsOnePointPerDistanceReproducibly() {
        List<Integer> seen = new ArrayList<>();
        List<Double> distances = List.of(0.0, 50.0, 180.0);
        List<SimulationPoint> points = sweep(7, distances, seen);
        assertThat(points).extracting(p -> p.statistics().distanceKm()).containsExactlyElementsOf(distances);
        assertThat(points).allSatisfy(p -> assertThat(p.toMap().keySet()).containsExactlyElementsOf(SimulationPoint.FIELDS));
        assertThat(seen).containsExactly(1, 2, 3);
        assertThat(sweep(7, distances, new ArrayList<>())).extracting(SimulationPoint::toMap)
                .containsExactlyElementsOf(points.stream().map(SimulationPoint::toMap).toList());
        assertThat(sweep(8, distances, new ArrayList<>()).getFirst().toMap()).isNotEqualTo(points.getFirst().toMap());
        assertThat(points.getFirst().toMap().get("secret_bits")).isInstanceOf(Long.class);
        assertThat((long) points.getFirst().toMap().get("secret_bits")).isPositive();
        assertThat(points.getLast().toMap().get("secret_bits")).isEqualTo(0L);
        assertThat(points.getLast().toMap().get("ec_efficiency")).isNull(); // no Cascade beyond the reach
    }

    @Test
    void theoryCurveFallsWithDistanceAndStaysBelowPlob() {
        List<Double> distances = DoubleStream.iterate(0.0, d -> d <= 200.0, d -> d + 5.0).boxed().toList();
        TheoryCurve curve = TheoryCurve.of(LinkParameters.defaults(), distances);
        List<Double> positive = curve.keyRatePerPulse().stream().filter(r -> r > 0).toList();
        assertThat(positive).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(curve.keyRatePerPulse().getLast()).isZero();
        for (int i = 0; i < distances.size(); i++) {
            assertThat(curve.keyRatePerPulse().get(i)).isLessThanOrEqualTo(curve.plobBoundPerPulse().get(i));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void sweepSizes(int count) {
        List<Double> distances = count == 0 ? List.of() : List.of(25.0);
        assertThat(sweep(1, distances, new ArrayList<>())).hasSize(count);
    }
}
