package io.lightvibes.benchmarks.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;

/**
 * What one wrk run (or several at once, {@link #together}) measured, from the WRKJSON line its Lua
 * {@code done} hook prints ({@code benchmarks/http/report.lua}), and the CPU time the servers used
 * meanwhile: requests per server CPU-second hold up on a shared machine where requests per second
 * do not.
 *
 * @param requests completed requests
 * @param seconds measured duration
 * @param non2xx answers that were not 2xx
 * @param socketErrors connect, read, write and timeout errors
 * @param p50Micros median latency
 * @param p99Micros 99th percentile latency
 * @param qmk answers whose mode was QMK (counted only with {@code WRK_COUNT_MODES=1})
 * @param serverCpuSeconds CPU time of all the servers loaded during the run; NaN if not measured
 * @param busiestRps requests per second of the busiest wrk process (all of them for one)
 */
record WrkRun(long requests, double seconds, long non2xx, long socketErrors, long p50Micros, long p99Micros,
        long qmk, double serverCpuSeconds, double busiestRps) {

    private static final ObjectMapper JSON = new ObjectMapper();

    double rps() {
        return requests / seconds;
    }

    double qmkPerSecond() {
        return qmk / seconds;
    }

    long failures() {
        return non2xx + socketErrors;
    }

    double perServerCpuSecond() {
        return requests / serverCpuSeconds;
    }

    /** How many cores the servers kept busy on average. */
    double serverCores() {
        return serverCpuSeconds / seconds;
    }

    WrkRun withServerCpuSeconds(double cpuSeconds) {
        return new WrkRun(requests, seconds, non2xx, socketErrors, p50Micros, p99Micros, qmk, cpuSeconds, busiestRps);
    }

    /**
     * Runs that loaded different replicas at the same time, as one: counts summed over the longest
     * duration, and the larger of their percentiles. That is an upper bound of the percentile over all
     * their answers (no more than 1 % of either run's answers, hence of all, is slower than the larger
     * p99), not the percentile itself; one run is returned as it is.
     */
    static WrkRun together(List<WrkRun> runs) {
        if (runs.size() == 1) {
            return runs.getFirst();
        }
        return new WrkRun(runs.stream().mapToLong(WrkRun::requests).sum(),
                runs.stream().mapToDouble(WrkRun::seconds).max().orElseThrow(),
                runs.stream().mapToLong(WrkRun::non2xx).sum(), runs.stream().mapToLong(WrkRun::socketErrors).sum(),
                runs.stream().mapToLong(WrkRun::p50Micros).max().orElseThrow(),
                runs.stream().mapToLong(WrkRun::p99Micros).max().orElseThrow(),
                runs.stream().mapToLong(WrkRun::qmk).sum(), runs.stream().mapToDouble(WrkRun::serverCpuSeconds).sum(),
                runs.stream().mapToDouble(WrkRun::busiestRps).max().orElseThrow());
    }

    /** The run that wrk's {@code output} reports. */
    static WrkRun parse(String output) throws IOException {
        String line = output.lines().filter(l -> l.startsWith("WRKJSON ")).findFirst()
                .orElseThrow(() -> new IOException("wrk printed no WRKJSON line: " + output.strip()));
        JsonNode node = JSON.readTree(line.substring("WRKJSON ".length()));
        long requests = node.get("requests").asLong();
        double seconds = node.get("duration_us").asLong() / 1e6;
        return new WrkRun(requests, seconds, node.get("non2xx").asLong(), node.get("socket_errors").asLong(),
                node.get("p50_us").asLong(), node.get("p99_us").asLong(), node.get("qmk").asLong(), Double.NaN,
                requests / seconds);
    }
}
