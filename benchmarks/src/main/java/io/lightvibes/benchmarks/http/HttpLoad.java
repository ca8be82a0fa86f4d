package io.lightvibes.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Issuance and retrieval throughput and latency: the real routes beside their bare twins
 * ({@code /bench/*}, same parsing, constant answers, no key source), in interleaved rounds so both
 * see the same machine. One server JVM pinned to CPU 0, wrk pinned to CPU 1. Prints Markdown.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.lightvibes.benchmarks.http.HttpLoad \
 *     --jar service/target/lightvibes.jar [--rounds 3] [--seconds 5] [--connections 1,16,64] [--ceiling OPS] [--link] [--warmup 60]</pre>
 */
public final class HttpLoad {

    private enum Run { ISSUE_BARE, ISSUE_OURS, FETCH_BARE, FETCH_OURS }

    private HttpLoad() {
    }

    public static void main(String[] args) throws Exception {
        var options = Options.parse(args);
        Path state = Files.createTempDirectory("lightvibes-bench-");
        Path scripts = options.scripts();
        var server = BenchServer.start(options.jar(), state, options.synchronous(), options.link());
        try {
            System.out.printf(Locale.ROOT, "HTTP: %d s of unmeasured warm-up, then %d rounds x %d s per run, wrk -t1 on "
                    + "CPU 1, one server JVM on CPU 0, SQLite synchronous=%s, QKD link %s%n%n", options.warmupSeconds(),
                    options.rounds(), options.seconds(), options.synchronous(), options.link() ? "on (same process)" : "off");
            warmUp(server.url(), scripts, state, options.warmupSeconds());
            System.out.println("| connections | endpoint | bare req/s | LIGHTVIBES req/s | ratio | bare p50 / p99 ms "
                    + "| LIGHTVIBES p50 / p99 ms | non-2xx |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (int connections : options.connections()) {
                Map<Run, List<WrkRun>> runs = new EnumMap<>(Run.class);
                for (Run run : Run.values()) {
                    runs.put(run, new ArrayList<>());
                }
                for (int round = 0; round < options.rounds(); round++) {
                    Path refs = state.resolve("refs-" + connections + "-" + round + ".txt");
                    Files.deleteIfExists(refs);
                    Files.createFile(refs);
                    String base = server.url();
                    runs.get(Run.ISSUE_BARE).add(WrkRun.run(1, base + "/bench/session", scripts.resolve("session.lua"),
                            connections, options.seconds(), false));
                    runs.get(Run.ISSUE_OURS).add(WrkRun.run(1, base + "/lightvibes/session",
                            scripts.resolve("session.lua"), connections, options.seconds(), true, refs.toString()));
                    runs.get(Run.FETCH_BARE).add(WrkRun.run(1, base, scripts.resolve("key.lua"), connections,
                            options.seconds(), false, refs.toString(), "bench"));
                    // Retrieval outruns issuance: top the refs up (unmeasured) so the measured run never runs
                    // out, whatever rate it reaches (the bare twin is the ceiling).
                    double needed = last(runs.get(Run.FETCH_BARE)).rps() * options.seconds() * 1.1;
                    for (int topUp = 0; topUp < 30 && lines(refs) < needed; topUp++) {
                        WrkRun.run(1, base + "/lightvibes/session", scripts.resolve("session.lua"), 64,
                                options.seconds(), true, refs.toString());
                    }
                    runs.get(Run.FETCH_OURS).add(WrkRun.run(1, base, scripts.resolve("key.lua"), connections,
                            options.seconds(), false, refs.toString(), "lightvibes"));
                }
                row(connections, "issuance POST /session", runs.get(Run.ISSUE_BARE), runs.get(Run.ISSUE_OURS));
                row(connections, "retrieval GET /key/{ref}", runs.get(Run.FETCH_BARE), runs.get(Run.FETCH_OURS));
                if (options.ceiling() > 0) {
                    System.out.printf(Locale.ROOT, "|  | issuance vs crypto ceiling (%.0f ops/s, JMH) |  |  | %.2fx |  |  |  |%n",
                            options.ceiling(), median(runs.get(Run.ISSUE_OURS), WrkRun::rps) / options.ceiling());
                }
            }
        } finally {
            server.close();
            try (var files = Files.list(state)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(state);
        }
    }

    /**
     * Unmeasured load on all four runs until the JIT settles: on one core C2 recompiles for tens of
     * seconds (hundreds of deoptimisations as the twin and the real route take turns), and a round
     * measured in that time says more about the compiler than about the service.
     */
    private static void warmUp(String base, Path scripts, Path state, int seconds)
            throws IOException, InterruptedException {
        if (seconds <= 0) {
            return;
        }
        Path refs = state.resolve("refs-warmup.txt");
        Files.deleteIfExists(refs);
        Files.createFile(refs);
        int slice = Math.max(1, seconds / 4);
        WrkRun.run(1, base + "/bench/session", scripts.resolve("session.lua"), 16, slice, false);
        WrkRun.run(1, base + "/lightvibes/session", scripts.resolve("session.lua"), 16, slice, true, refs.toString());
        WrkRun.run(1, base, scripts.resolve("key.lua"), 16, slice, false, refs.toString(), "bench");
        WrkRun.run(1, base, scripts.resolve("key.lua"), 16, slice, false, refs.toString(), "lightvibes");
    }

    private static void row(int connections, String label, List<WrkRun> bare, List<WrkRun> ours) {
        System.out.printf(Locale.ROOT, "| %d | %s | %.0f | %.0f | %.2fx | %.2f / %.2f | %.2f / %.2f | %d |%n",
                connections, label, median(bare, WrkRun::rps), median(ours, WrkRun::rps),
                median(ours, WrkRun::rps) / median(bare, WrkRun::rps),
                median(bare, WrkRun::p50Micros) / 1e3, median(bare, WrkRun::p99Micros) / 1e3,
                median(ours, WrkRun::p50Micros) / 1e3, median(ours, WrkRun::p99Micros) / 1e3,
                ours.stream().mapToLong(WrkRun::non2xx).sum() + ours.stream().mapToLong(WrkRun::socketErrors).sum());
    }

    static double median(List<WrkRun> runs, ToDoubleFunction<WrkRun> field) {
        double[] values = runs.stream().mapToDouble(field).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static WrkRun last(List<WrkRun> runs) {
        return runs.get(runs.size() - 1);
    }

    private static long lines(Path file) throws IOException {
        try (var lines = Files.lines(file)) {
            return lines.count();
        }
    }

    /** The command line. */
    record Options(Path jar, Path scripts, int rounds, int seconds, List<Integer> connections, String synchronous,
            double ceiling, boolean link, int warmupSeconds) {

        static Options parse(String[] args) {
            Path jar = Path.of("service/target/lightvibes.jar");
            Path scripts = Path.of("benchmarks/http");
            int rounds = 3;
            int seconds = 5;
            List<Integer> connections = List.of(1, 16, 64);
            String synchronous = "FULL";
            double ceiling = 0;
            boolean link = false;
            int warmupSeconds = 60;
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                if (args[i].equals("--link")) {
                    link = true;
                    i--;
                    continue;
                }
                switch (args[i]) {
                    case "--jar" -> jar = Path.of(value);
                    case "--scripts" -> scripts = Path.of(value);
                    case "--rounds" -> rounds = Integer.parseInt(value);
                    case "--seconds" -> seconds = Integer.parseInt(value);
                    case "--connections" -> connections = java.util.Arrays.stream(value.split(","))
                            .map(String::strip).map(Integer::parseInt).sorted(Comparator.naturalOrder()).toList();
                    case "--sqlite-synchronous" -> synchronous = value;
                    case "--warmup" -> warmupSeconds = Integer.parseInt(value);
                    case "--ceiling" -> ceiling = Double.parseDouble(value);
                    case "--ceiling-from" -> ceiling = ceilingFrom(Path.of(value));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(jar, scripts, rounds, seconds, connections, synchronous, ceiling, link, warmupSeconds);
        }
    }

    /**
     * The crypto ceiling from a JMH JSON result file: {@code PqcIssuanceCryptoBench.deriveAndSeal} with
     * the x25519 suite (the demo key's), in operations per second; 0 when the file holds none.
     */
    static double ceilingFrom(Path jmhJson) {
        try {
            for (var result : new com.fasterxml.jackson.databind.ObjectMapper().readTree(jmhJson.toFile())) {
                boolean ceiling = result.get("benchmark").asText().endsWith("PqcIssuanceCryptoBench.deriveAndSeal");
                var params = result.get("params");
                if (ceiling && params != null && "x25519".equals(params.path("suite").asText())) {
                    return result.get("primaryMetric").get("score").asDouble();
                }
            }
            return 0;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + jmhJson, e);
        }
    }

    /** The server under test: {@code lightvibes serve} with the twins on, pinned to CPU 0. */
    record BenchServer(Process process, String url) implements AutoCloseable {

        static BenchServer start(Path jar, Path state, String synchronous, boolean link)
                throws IOException, InterruptedException {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            run(new ProcessBuilder(java.toString(), "-jar", jar.toString(), "keygen", "--out", state.toString()));
            int port;
            try (var socket = new java.net.ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            var builder = new ProcessBuilder("taskset", "-c", "0", java.toString(), "-XX:+UseParallelGC", "-jar",
                    jar.toString(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port))
                    .redirectErrorStream(true).redirectOutput(state.resolve("server.log").toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("LIGHTVIBES_"));
            env.put("LIGHTVIBES_STATE_DIR", state.toString());
            env.put("LIGHTVIBES_BENCH_TWINS", "true");
            env.put("LIGHTVIBES_LOG_LEVEL", "warning");
            env.put("LIGHTVIBES_SWEEP_INTERVAL_S", "3600");
            env.put("LIGHTVIBES_SQLITE_SYNCHRONOUS", synchronous);
            // The link distils blocks on the server's one core; the headline figures leave it off (--link turns it on).
            env.put("LIGHTVIBES_LINK_ENABLED", Boolean.toString(link));
            Process process = builder.start();
            var server = new BenchServer(process, "http://127.0.0.1:" + port);
            server.awaitReady();
            return server;
        }

        private void awaitReady() throws InterruptedException, IOException {
            var client = HttpClient.newHttpClient();
            for (int attempt = 0; attempt < 300; attempt++) {
                if (!process.isAlive()) {
                    throw new IOException("the server exited with " + process.exitValue());
                }
                try {
                    var answer = client.send(HttpRequest.newBuilder(URI.create(url + "/readyz"))
                            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            throw new IOException("the server did not become ready in 30 s");
        }

        private static void run(ProcessBuilder builder) throws IOException, InterruptedException {
            Process process = builder.redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", builder.command()) + " failed: " + output.strip());
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
