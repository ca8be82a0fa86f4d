package io.lightvibes.benchmarks.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A snapshot of CPU time, to say over an interval how much of a core each server process used and
 * how busy each CPU was with everything the machine ran (other jobs included): {@code /proc/stat}'s
 * per-CPU lines and each process's total CPU time.
 *
 * @param nanos when, {@link System#nanoTime}
 * @param servers CPU time of each server process so far
 * @param busy jiffies each CPU spent not idle (user, nice, system, irq, softirq, steal)
 * @param total jiffies of each CPU
 */
record CpuUse(long nanos, List<Duration> servers, long[] busy, long[] total) {

    static CpuUse now(List<BenchServer> servers) throws IOException {
        List<Duration> used = new ArrayList<>();
        for (BenchServer server : servers) {
            used.add(server.process().info().totalCpuDuration().orElse(Duration.ZERO));
        }
        List<long[]> cpus = Files.readAllLines(Path.of("/proc/stat")).stream()
                .filter(line -> line.matches("cpu\\d+ .*"))
                .map(line -> Arrays.stream(line.split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray())
                .toList();
        long[] busy = new long[cpus.size()];
        long[] total = new long[cpus.size()];
        for (int cpu = 0; cpu < cpus.size(); cpu++) {
            long[] fields = cpus.get(cpu); // user nice system idle iowait irq softirq steal guest guest_nice
            total[cpu] = Arrays.stream(fields, 0, 8).sum();
            busy[cpu] = total[cpu] - fields[3] - fields[4];
        }
        return new CpuUse(System.nanoTime(), List.copyOf(used), busy, total);
    }

    /** CPU seconds all the servers used since {@code before}. */
    double serverSecondsSince(CpuUse before) {
        return serverSecondsEach(before).stream().mapToDouble(Double::doubleValue).sum();
    }

    /** e.g. {@code server processes 0.93 cores (0.93); CPU 0 100 % busy, CPU 1 74 % busy}. */
    String since(CpuUse before) {
        double seconds = (nanos - before.nanos) / 1e9;
        List<Double> cores = serverSecondsEach(before).stream().map(cpu -> cpu / seconds).toList();
        String each = cores.stream().map(c -> String.format(Locale.ROOT, "%.2f", c)).collect(Collectors.joining(" + "));
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "server processes %.2f cores (%s)",
                cores.stream().mapToDouble(Double::doubleValue).sum(), each));
        for (int cpu = 0; cpu < busy.length; cpu++) {
            text.append(String.format(Locale.ROOT, "%s CPU %d %.0f %% busy", cpu == 0 ? ";" : ",", cpu,
                    100.0 * (busy[cpu] - before.busy[cpu]) / Math.max(1, total[cpu] - before.total[cpu])));
        }
        return text.toString();
    }

    private List<Double> serverSecondsEach(CpuUse before) {
        List<Double> seconds = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            seconds.add(servers.get(i).minus(before.servers.get(i)).toNanos() / 1e9);
        }
        return seconds;
    }
}
