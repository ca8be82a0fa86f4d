package io.lightvibes.benchmarks.http;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code lightvibes serve} process under test, pinned to a CPU, configured only by
 * {@code settings} (no {@code LIGHTVIBES_*} variable of the caller's environment leaks in).
 *
 * @param process the server (taskset execs java, so this is the JVM itself)
 * @param url its base URL
 * @param log where its output goes
 */
record BenchServer(Process process, String url, Path log) implements AutoCloseable {

    static BenchServer start(Path jar, int cpu, Map<String, String> settings, Path log)
            throws IOException, InterruptedException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var builder = new ProcessBuilder("taskset", "-c", Integer.toString(cpu), java(), "-XX:+UseParallelGC",
                "-jar", jar.toString(), "serve", "--host", "127.0.0.1", "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("LIGHTVIBES_"));
        env.putAll(settings);
        var server = new BenchServer(builder.start(), "http://127.0.0.1:" + port, log);
        server.awaitReady();
        return server;
    }

    /** Runs {@code lightvibes args…} to completion (e.g. keygen). */
    static void runCommand(Path jar, String... args) throws IOException, InterruptedException {
        var builder = new ProcessBuilder(java(), "-jar", jar.toString());
        builder.command().addAll(List.of(args));
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", builder.command()) + " failed: " + output.strip());
        }
    }

    long pid() {
        return process.pid();
    }

    /** The body of {@code GET path}. */
    String get(String path) throws IOException, InterruptedException {
        var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + answer.statusCode());
        }
        return answer.body();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void awaitReady() throws InterruptedException, IOException {
        var client = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 300; attempt++) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with " + process.exitValue() + ": " + Files.readString(log));
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
        close();
        throw new IOException("the server did not become ready in 30 s: " + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
