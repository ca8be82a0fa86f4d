package io.lightvibes.service.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code lightvibes serve} as a child JVM on this test's classpath, on a free port it reports on
 * standard output; {@link #close()} sends SIGTERM, so the shutdown hook runs as in production.
 */
final class ServedProcess implements AutoCloseable {

    private static final Pattern SERVING = Pattern.compile("serving on (http://\\S+)");

    private final Process process;
    private final String url;
    private final List<String> output;

    private ServedProcess(Process process, String url, List<String> output) {
        this.process = process;
        this.url = url;
        this.output = output;
    }

    /** Runs the command line {@code args} with {@code LIGHTVIBES_*} from {@code settings} only. */
    static Process lightvibes(Path workingDirectory, Map<String, String> settings, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "io.lightvibes.service.cli.LightvibesCommand"));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("LIGHTVIBES_"));
        builder.environment().putAll(settings);
        return builder.start();
    }

    /** Starts a server and waits until it answers {@code /readyz}. */
    static ServedProcess start(Path workingDirectory, Map<String, String> settings)
            throws IOException, InterruptedException {
        Process process = lightvibes(workingDirectory, settings, "serve", "--port", "0");
        List<String> output = java.util.Collections.synchronizedList(new ArrayList<>());
        var url = new CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    Matcher serving = SERVING.matcher(line);
                    if (serving.find()) {
                        url.complete(serving.group(1));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            url.complete(null);
        });
        String base;
        try {
            base = url.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError("the server did not start: " + output, e);
        }
        if (base == null) {
            throw new AssertionError("the server exited with " + process.waitFor() + ": " + output);
        }
        var served = new ServedProcess(process, base, output);
        served.awaitReady();
        return served;
    }

    private void awaitReady() throws InterruptedException {
        var client = HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 300; attempt++) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create(url + "/readyz")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server never became ready: " + output);
    }

    String url() {
        return url;
    }

    /** The server JVM's process id. */
    long pid() {
        return process.pid();
    }

    /** Everything the server printed so far (its JSON log lines). */
    List<String> output() {
        return List.copyOf(output);
    }

    /** SIGKILL: the process dies at once, mid-request, with no shutdown hook (a crash). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits for the process to end by itself (a crash); fails the test if it does not within {@code within}. */
    void awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the server stopped answering but did not exit: " + output);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: the shutdown hook stops the server and closes the store
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not stop within 30 s of SIGTERM");
        }
    }

    static String run(Process process) throws IOException, InterruptedException {
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + text);
        }
        return text;
    }

}
