package io.lightvibes.benchmarks.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JFR recording of a running server, started and stopped with {@code jcmd} so that it covers the
 * profiled run and nothing before it: JFR's {@code profile} settings (execution samples every
 * 10 ms per thread in Java) plus the JDK 25 CPU-time sampler ({@code jdk.CPUTimeSample}, JEP 509),
 * which also sees threads in native code such as SQLite's.
 *
 * @param pid the server's process
 * @param file where the recording is written when it stops
 */
record JfrRecording(long pid, Path file) {

    private static final String NAME = "lightvibes-bench";

    static JfrRecording start(long pid, Path file) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=" + NAME, "settings=profile", "filename=" + file.toAbsolutePath(),
                "jdk.CPUTimeSample#enabled=true", "jdk.CPUTimeSample#throttle=1ms");
        return new JfrRecording(pid, file);
    }

    /** Stops the recording and returns its file. */
    Path stop() throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=" + NAME);
        return file;
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        // jcmd exits with 0 when the JVM refused the command (an unknown setting, no such recording).
        if (jcmd.waitFor() != 0 || output.contains("Could not") || output.contains("Warning!")) {
            throw new IOException(String.join(" ", line) + " failed: " + output.strip());
        }
    }
}
