package io.lightvibes.benchmarks.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/** The Markdown a run prints: medians over the rounds, per deployment, connection count and endpoint. */
final class Report {

    /** The key size session.lua asks for. */
    private static final int SESSION_BITS = 256;

    private Report() {
    }

    static void header() {
        System.out.println("| store | connections | endpoint | bare req/s | LIGHTVIBES req/s | ratio | bare p50 / p99 ms "
                + "| LIGHTVIBES p50 / p99 ms | LIGHTVIBES req per server CPU-s | server cores | non-2xx | QMK answers/s |");
        System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }

    /**
     * The issuance and retrieval rows of {@code rounds}, and issuance against {@code ceiling} when
     * known: per second, and per CPU-second of the servers against the ceiling's per CPU-second.
     */
    static void rows(Topology topology, int connections, List<Round> rounds, Ceiling ceiling) {
        String who = topology.label();
        String how = connections(connections, topology.replicas());
        row(who, how, "issuance POST /session", runs(rounds, Round::issueBare), runs(rounds, Round::issueOurs));
        row(who, how, "retrieval GET /key/{ref}", runs(rounds, Round::fetchBare), runs(rounds, Round::fetchOurs));
        if (ceiling.known()) {
            List<WrkRun> issued = runs(rounds, Round::issueOurs);
            System.out.printf(Locale.ROOT, "| %s | %s | issuance vs crypto ceiling (JMH %.0f ops/s, %.0f per CPU-s) |  |  "
                    + "| %.2fx |  |  | %.2fx |  |  |  |%n", who, how, ceiling.perSecond(), ceiling.perCpuSecond(),
                    median(issued, WrkRun::rps) / ceiling.perSecond(),
                    median(issued, WrkRun::perServerCpuSecond) / ceiling.perCpuSecond());
        }
    }

    /**
     * Each topology of several replicas against the one of a single replica on the same engine,
     * LIGHTVIBES and bare twin throughput, at every connection count both ran.
     */
    static void scaling(Map<Topology, Map<Integer, List<Round>>> results) {
        System.out.println();
        System.out.println("| store | connections | issuance ×N / ×1 | retrieval ×N / ×1 | bare issuance ×N / ×1 |");
        System.out.println("|---|---:|---:|---:|---:|");
        results.forEach((topology, byConnections) -> {
            var single = new Topology(topology.engine(), 1, Topology.Placement.SHARED);
            if (topology.replicas() == 1 || !results.containsKey(single)) {
                return;
            }
            byConnections.forEach((connections, rounds) -> {
                List<Round> one = results.get(single).get(connections);
                System.out.printf(Locale.ROOT, "| %s | %s | %.2fx | %.2fx | %.2fx |%n", topology.label(),
                        connections(connections, topology.replicas()), gain(rounds, one, Round::issueOurs),
                        gain(rounds, one, Round::fetchOurs), gain(rounds, one, Round::issueBare));
            });
        });
    }

    /**
     * What the QKD link could give when the run ended, from {@code GET /lightvibes/health}: the
     * QMK sessions a second its secret key rate sustains at {@value #SESSION_BITS} bits each, beside
     * the QMK answers counted (those also drain what the pool held at the start of each run).
     */
    static void link(Topology topology, String healthJson) throws IOException {
        JsonNode health = new ObjectMapper().readTree(healthJson);
        double rate = health.path("rate_bps").asDouble();
        JsonNode qber = health.path("qber");
        System.out.printf(Locale.ROOT, "%nQKD link of %s: %s, QBER %s, secret key rate %.0f bit/s = %.0f QMK sessions/s "
                + "of %d bits sustained; pool %,d bits (%,d sessions), %d blocks.%n", topology.label(),
                health.path("link_state").asText(),
                qber.isNumber() ? String.format(Locale.ROOT, "%.2f %%", 100 * qber.asDouble()) : "none", rate, rate / SESSION_BITS,
                SESSION_BITS, health.path("pool_bits").asLong(), health.path("pool_bits").asLong() / SESSION_BITS,
                health.path("blocks").asLong());
    }

    private static void row(String who, String how, String label, List<WrkRun> bare, List<WrkRun> ours) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %.0f | %.0f | %.2fx | %.2f / %.2f | %.2f / %.2f | %.0f | %.2f | %d "
                + "| %.0f |%n", who, how, label, median(bare, WrkRun::rps), median(ours, WrkRun::rps),
                median(ours, WrkRun::rps) / median(bare, WrkRun::rps),
                median(bare, WrkRun::p50Micros) / 1e3, median(bare, WrkRun::p99Micros) / 1e3,
                median(ours, WrkRun::p50Micros) / 1e3, median(ours, WrkRun::p99Micros) / 1e3,
                median(ours, WrkRun::perServerCpuSecond), median(ours, WrkRun::serverCores),
                ours.stream().mapToLong(WrkRun::failures).sum(), median(ours, WrkRun::qmkPerSecond));
    }

    /** {@code 16}, or {@code 16 (8 per replica)} when split. */
    private static String connections(int connections, int replicas) {
        int each = Load.perReplica(connections, replicas);
        return replicas == 1 ? Integer.toString(connections) : each * replicas + " (" + each + " per replica)";
    }

    private static double gain(List<Round> many, List<Round> one, Function<Round, WrkRun> run) {
        return one == null ? Double.NaN : median(runs(many, run), WrkRun::rps) / median(runs(one, run), WrkRun::rps);
    }

    private static List<WrkRun> runs(List<Round> rounds, Function<Round, WrkRun> run) {
        return rounds.stream().map(run).toList();
    }

    static double median(List<WrkRun> runs, ToDoubleFunction<WrkRun> field) {
        double[] values = runs.stream().mapToDouble(field).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
