package io.lightvibes.benchmarks.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One wrk run (pinned to a CPU) and what its Lua {@code done} hook printed.
 *
 * @param requests completed requests
 * @param seconds measured duration
 * @param non2xx answers that were not 2xx
 * @param socketErrors connect, read, write and timeout errors
 * @param p50Micros median latency
 * @param p99Micros 99th percentile latency
 */
record WrkRun(long requests, double seconds, long non2xx, long socketErrors, long p50Micros, long p99Micros) {

    private static final ObjectMapper JSON = new ObjectMapper();

    double rps() {
        return requests / seconds;
    }

    /** Runs {@code wrk -t1 -cN -dS -s script url -- args} on {@code cpu} and parses its WRKJSON line. */
    static WrkRun run(int cpu, String url, Path script, int connections, int seconds, boolean record,
            String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu), "wrk", "-t1",
                "-c" + connections, "-d" + seconds + "s", "--timeout", "10s", "-s", script.toString(), url, "--"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("WRK_RECORD", record ? "1" : "0");
        Process wrk = builder.start();
        String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (wrk.waitFor() != 0) {
            throw new IOException("wrk failed: " + output.strip());
        }
        String line = output.lines().filter(l -> l.startsWith("WRKJSON ")).findFirst()
                .orElseThrow(() -> new IOException("wrk printed no WRKJSON line: " + output.strip()));
        JsonNode node = JSON.readTree(line.substring("WRKJSON ".length()));
        return new WrkRun(node.get("requests").asLong(), node.get("duration_us").asLong() / 1e6,
                node.get("non2xx").asLong(), node.get("socket_errors").asLong(), node.get("p50_us").asLong(),
                node.get("p99_us").asLong());
    }
}
