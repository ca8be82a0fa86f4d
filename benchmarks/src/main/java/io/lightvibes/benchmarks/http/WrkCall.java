package io.lightvibes.benchmarks.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One wrk process to run: {@code wrk -t1 -cN -dS -s script url -- args}, pinned to {@code cpu}, with
 * {@code env} for the Lua script ({@code WRK_RECORD}, {@code WRK_COUNT_MODES}).
 */
record WrkCall(int cpu, String url, Path script, int connections, int seconds, Map<String, String> env,
        List<String> args) {

    WrkCall {
        env = Map.copyOf(env);
        args = List.copyOf(args);
    }

    /** Runs every call at once (one per replica) and returns them {@linkplain WrkRun#together as one run}. */
    static WrkRun runTogether(List<WrkCall> calls) throws IOException, InterruptedException {
        List<Process> processes = new ArrayList<>();
        for (WrkCall call : calls) {
            processes.add(call.start());
        }
        List<WrkRun> runs = new ArrayList<>();
        for (Process wrk : processes) {
            String output = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (wrk.waitFor() != 0) {
                throw new IOException("wrk failed: " + output.strip());
            }
            runs.add(WrkRun.parse(output));
        }
        return WrkRun.together(runs);
    }

    private Process start() throws IOException {
        List<String> command = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu), "wrk", "-t1",
                "-c" + connections, "-d" + seconds + "s", "--timeout", "10s", "-s", script.toString(), url, "--"));
        command.addAll(args);
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        return builder.start();
    }
}
