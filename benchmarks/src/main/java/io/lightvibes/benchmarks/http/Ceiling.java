package io.lightvibes.benchmarks.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The crypto ceiling of one PQC issuance ({@code PqcIssuanceCryptoBench.deriveAndSeal}, x25519,
 * one thread): per second of wall time, and per CPU-second of the measuring thread, the figure
 * that survives a machine shared with other jobs.
 *
 * @param perSecond operations per second; 0: unknown
 * @param perCpuSecond operations per CPU-second; 0: unknown
 */
record Ceiling(double perSecond, double perCpuSecond) {

    static final Ceiling UNKNOWN = new Ceiling(0, 0);

    boolean known() {
        return perSecond > 0;
    }

    /** The ceiling in a JMH JSON result file; {@link #UNKNOWN} when the file holds none. */
    static Ceiling from(Path jmhJson) {
        try {
            for (JsonNode result : new ObjectMapper().readTree(jmhJson.toFile())) {
                boolean ceiling = result.get("benchmark").asText().endsWith("PqcIssuanceCryptoBench.deriveAndSeal");
                if (ceiling && "x25519".equals(result.path("params").path("suite").asText())) {
                    JsonNode secondary = result.path("secondaryMetrics");
                    double calls = secondary.path("calls").path("score").asDouble();
                    double cpuNanos = secondary.path("cpuNanos").path("score").asDouble();
                    return new Ceiling(result.get("primaryMetric").get("score").asDouble(),
                            cpuNanos > 0 ? calls / (cpuNanos / 1e9) : 0);
                }
            }
            return UNKNOWN;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jmhJson, e);
        }
    }
}
