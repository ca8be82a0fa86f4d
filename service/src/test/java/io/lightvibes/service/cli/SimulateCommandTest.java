package io.lightvibes.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.lightvibes.service.http.Json;
import io.lightvibes.sim.theory.SimulationPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code lightvibes simulate}: JSON points with every field, reproducible, physics flags, plots, bad flags. */
class SimulateCommandTest {

    @TempDir
    Path dir;

    private static CliRunner.Run run(String... args) {
        return CliRunner.run(args);
    }

    private static List<JsonNode> points(String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("simulate", "--json", "--pulses", "1e8"));
        args.addAll(List.of(flags));
        CliRunner.Run run = run(args.toArray(String[]::new));
        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> points = new ArrayList<>();
        Json.mapper().readTree(run.out()).get("points").forEach(points::add);
        return points;
    }

    @Test
    void jsonPointsHaveEveryFieldAndAreReproducible() throws Exception {
        List<JsonNode> first = points("--distance-km", "0,25", "--seed", "4");
        assertThat(first).extracting(p -> p.get("distance_km").asDouble()).containsExactly(0.0, 25.0);
        for (JsonNode point : first) {
            List<String> names = new ArrayList<>();
            point.fieldNames().forEachRemaining(names::add);
            assertThat(names).containsAll(SimulationPoint.FIELDS);
            assertThat(point.get("pulses").asLong()).isEqualTo(100_000_000L);
        }
        assertThat(first.get(0).get("detections").asLong()).isGreaterThan(first.get(1).get("detections").asLong());
        assertThat(points("--distance-km", "0,25", "--seed", "4")).isEqualTo(first);
        assertThat(points("--distance-km", "0,25", "--seed", "5")).isNotEqualTo(first);
    }

    @Test
    void flagsReachThePhysics() throws Exception {
        JsonNode clean = points("--eve-fraction", "0", "--asymptotic").get(0);
        JsonNode attacked = points("--eve-fraction", "0.4", "--asymptotic").get(0);
        // Intercept-resend on a fraction p of the pulses adds about p/4 to the QBER.
        assertThat(attacked.get("qber").asDouble() - clean.get("qber").asDouble()).isCloseTo(0.1, within(0.02));
        JsonNode lossy = points("--alpha-db-per-km", "0.3").get(0);
        assertThat(lossy.get("detections").asLong()).isLessThan(clean.get("detections").asLong());
    }

    @Test
    void theNativeDriverRunsTheSamePhysics() throws Exception {
        JsonNode java = points("--seed", "1").get(0);
        JsonNode nativeDriver = points("--seed", "1", "--driver", "native").get(0);
        // Different random streams, the same model: within a few percent at 4e5 detections.
        assertThat(nativeDriver.get("detections").asDouble() / java.get("detections").asDouble())
                .isCloseTo(1.0, within(0.02));
        assertThat(nativeDriver.get("qber").asDouble()).isCloseTo(java.get("qber").asDouble(), within(0.003));
    }

    @Test
    void plotWritesAPng() throws Exception {
        Path out = dir.resolve("rate.png");
        CliRunner.Run run = run("simulate", "--pulses", "1e8", "--distance-km", "0,50", "--plot", out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        byte[] png = Files.readAllBytes(out);
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        assertThat(run.out()).contains("Decoy-state BB84").contains("wrote " + out);
        assertThat(run.err()).contains("simulated 2/2 blocks");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,b", "-5", ","})
    void badDistancesAreAUsageError(String distances) {
        CliRunner.Run run = run("simulate", "--distance-km", distances);
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--distance-km");
    }

    @Test
    void inconsistentPhysicsIsAUsageErrorNamingIt() {
        CliRunner.Run run = run("simulate", "--mu", "0.1", "--nu", "0.2");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("nu").contains("mu");
        CliRunner.Run pulses = run("simulate", "--pulses", "1.5e3x");
        assertThat(pulses.code()).isEqualTo(2);
        assertThat(pulses.err()).contains("--pulses");
    }
}
