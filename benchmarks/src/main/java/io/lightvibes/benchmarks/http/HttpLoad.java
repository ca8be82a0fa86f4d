package io.lightvibes.benchmarks.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Issuance and retrieval throughput and latency: the real routes beside their bare twins
 * ({@code /bench/*}, same parsing, constant answers, no key source), on SQLite and on PostgreSQL
 * with one and with several replicas. Every deployment runs at once and the rounds interleave
 * across them, so all see the same machine. Servers on CPU 0 (or 0 and 1, {@link Topology}), wrk
 * on CPU 1. Prints Markdown.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.lightvibes.benchmarks.http.HttpLoad \
 *     --jar service/target/lightvibes.jar [--rounds 3] [--seconds 4] [--connections 1,16,32,64] [--warmup 60]
 *     [--topologies sqlite,postgres,postgres:2] [--postgres-url JDBC_URL] [--ceiling OPS | --ceiling-from JMH_JSON]
 *     [--link] [--profile DIR [--profile-seconds 20]]</pre>
 *
 * PostgreSQL topologies need {@code --postgres-url} or {@code LIGHTVIBES_BENCH_POSTGRES_URL}; without
 * either they are skipped.
 */
public final class HttpLoad {

    private HttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        var options = Options.parse(args, System.getenv("LIGHTVIBES_BENCH_POSTGRES_URL"));
        List<Topology> topologies = runnable(options);
        Path state = Files.createTempDirectory("lightvibes-bench-");
        var load = new Load(options.scripts(), options.link());
        List<Deployment> deployments = new CopyOnWriteArrayList<>();
        // Ctrl-C or a kill skips the finally below: stop the servers and drop the schemas anyway.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeAll(deployments)));
        try {
            System.out.printf(Locale.ROOT, "HTTP: %d s of unmeasured warm-up per deployment, then %d rounds x %d s per "
                    + "run interleaved across %s; wrk -t1 on CPU %d; SQLite synchronous=%s; QKD link %s%n%n",
                    options.warmupSeconds(), options.rounds(), options.seconds(),
                    topologies.stream().map(Topology::label).toList(), Load.WRK_CPU, options.synchronous(),
                    options.link() ? "on (in every server)" : "off");
            Map<Topology, Rounds> rounds = new LinkedHashMap<>();
            for (Topology topology : topologies) {
                Deployment deployment = Deployment.start(topology, options.jar(), settings(options), state,
                        options.postgresUrl());
                deployments.add(deployment);
                rounds.put(topology, new Rounds(deployment, load, state, options.seconds()));
            }
            for (Rounds each : rounds.values()) {
                each.warmUp(options.warmupSeconds());
            }
            Report.header();
            Map<Topology, Map<Integer, List<Round>>> results = new LinkedHashMap<>();
            for (int connections : options.connections()) {
                for (int round = 0; round < options.rounds(); round++) {
                    for (var entry : rounds.entrySet()) {
                        results.computeIfAbsent(entry.getKey(), t -> new LinkedHashMap<>())
                                .computeIfAbsent(connections, c -> new ArrayList<>())
                                .add(entry.getValue().measure(connections, round));
                    }
                }
                for (Topology topology : topologies) {
                    Report.rows(topology, connections, results.get(topology).get(connections), options.ceiling());
                }
            }
            if (topologies.stream().anyMatch(t -> t.replicas() > 1)) {
                Report.scaling(results);
            }
            if (options.link()) {
                for (Deployment deployment : deployments) {
                    Report.link(deployment.topology(), deployment.servers().getFirst().get("/lightvibes/health"));
                }
            }
            if (options.profileDir().isPresent()) {
                for (Deployment deployment : deployments) {
                    Profile.run(deployment, load, options.profileDir().get(), options.profileSeconds());
                }
            }
        } finally {
            closeAll(deployments);
            delete(state);
        }
    }

    /** Closes and forgets every deployment in {@code deployments}; the shutdown hook finds none left after a normal end. */
    private static void closeAll(List<Deployment> deployments) {
        for (Deployment deployment : deployments) {
            deployments.remove(deployment);
            try {
                deployment.close();
            } catch (InterruptedException | SQLException e) {
                System.err.println("could not close " + deployment.topology().label() + ": " + e);
            }
        }
    }

    /** The topologies that can run: PostgreSQL ones only with a database to run them on. */
    private static List<Topology> runnable(Options options) {
        if (options.postgresUrl().isPresent()) {
            return options.topologies();
        }
        List<Topology> sqlite = options.topologies().stream()
                .filter(t -> t.engine() == Topology.Engine.SQLITE).toList();
        if (sqlite.size() < options.topologies().size()) {
            System.out.println("PostgreSQL tables skipped: LIGHTVIBES_BENCH_POSTGRES_URL is not set "
                    + "(e.g. jdbc:postgresql://127.0.0.1:5432/test?user=postgres).");
        }
        if (sqlite.isEmpty()) {
            throw new IllegalArgumentException("nothing to run: every topology asked for needs PostgreSQL");
        }
        return sqlite;
    }

    /** What every server is given; the deployment adds its state directory and database. */
    private static Map<String, String> settings(Options options) {
        return Map.of(
                "LIGHTVIBES_BENCH_TWINS", "true",
                "LIGHTVIBES_LOG_LEVEL", "warning",
                "LIGHTVIBES_SWEEP_INTERVAL_S", "3600",
                "LIGHTVIBES_SQLITE_SYNCHRONOUS", options.synchronous(),
                // The link distils blocks on the server's core; the headline figures leave it off (--link turns it on).
                "LIGHTVIBES_LINK_ENABLED", Boolean.toString(options.link()));
    }

    private static void delete(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
