package io.lightvibes.service.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.lightvibes.service.Assembly;
import io.lightvibes.service.config.SettingsLoader;
import io.lightvibes.service.http.Json;
import io.lightvibes.service.sealing.KeyFiles;
import io.lightvibes.service.sealing.SealSuite;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's outages as an operator meets them: SQLite on a full or read-only disk, PostgreSQL
 * restarted. While the store cannot write, every answer is a 503 with {@code Retry-After} and
 * nothing is half-written; when it comes back the service recovers by itself, and the database
 * and the evidence log are whole. One exception, which the read-only test states: when the
 * kernel refuses writes to SQLite's memory-mapped WAL index, the process dies of SIGBUS (nothing
 * is half-written then either) and a restart finds the database whole. The SQLite servers run in
 * child JVMs for that reason.
 *
 * <p>The disk tests mount a small tmpfs (they need root, as CI runs); the PostgreSQL test needs
 * {@code LIGHTVIBES_TEST_PG_CTL}, the {@code pg_ctlcluster VERSION CLUSTER} prefix {@code .ci/run}
 * sets. Without them they skip, saying why.
 */
class OutagesTest {

    @TempDir
    Path scratch;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int sh(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** A tmpfs of {@code megabytes} at {@code directory}, or a skipped test when mounting is not allowed. */
    private static void mountTmpfs(Path directory, int megabytes) throws Exception {
        Files.createDirectories(directory);
        int status = sh("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", directory.toString());
        Assumptions.assumeTrue(status == 0, "needs root to mount a small tmpfs for the full-disk tests (CI runs as root)");
    }

    /** The service in this JVM (for the PostgreSQL outage, which no signal can turn fatal). */
    private static Assembly serve(Map<String, String> more, Path stateDir) {
        KeyFiles.writeKeyPair(stateDir, SealSuite.X25519, false, new SecureRandom());
        Map<String, String> settings = new HashMap<>(Map.of(
                "LIGHTVIBES_STATE_DIR", stateDir.toString(),
                "LIGHTVIBES_PORT", "0",
                "LIGHTVIBES_DRIVER", "java",
                "LIGHTVIBES_LINK_ENABLED", "false",
                "LIGHTVIBES_LOG_LEVEL", "error"));
        settings.putAll(more);
        return Assembly.open(SettingsLoader.load(settings, stateDir.resolve("no.env")));
    }

    /**
     * {@code lightvibes serve} in a child JVM on the SQLite database in {@code stateDir}: SQLite's
     * WAL index is a shared memory map, and a write the kernel refuses to a mapped page is a SIGBUS
     * that no Java code can catch; in a child it ends that server, not the tests.
     */
    private ServedProcess serveChild(Path stateDir) throws Exception {
        Path keys = scratch.resolve("keys");
        if (!Files.exists(keys.resolve(KeyFiles.PUBLIC_KEY_FILE))) {
            KeyFiles.writeKeyPair(keys, SealSuite.X25519, false, new SecureRandom());
        }
        return ServedProcess.start(scratch, Map.of("LIGHTVIBES_STATE_DIR", stateDir.toString(),
                "LIGHTVIBES_RECIPIENT_PUBLIC_KEY", keys.resolve(KeyFiles.PUBLIC_KEY_FILE).toString(),
                "LIGHTVIBES_DRIVER", "java", "LIGHTVIBES_LINK_ENABLED", "false", "LIGHTVIBES_LOG_LEVEL", "error"));
    }

    private HttpResponse<String> open(WebServer server) throws IOException, InterruptedException {
        return open("http://127.0.0.1:" + server.port());
    }

    private HttpResponse<String> open(String server) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server + "/lightvibes/session"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"peer_id\": \"outage\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static boolean isCleanOutage(HttpResponse<String> answer) {
        return answer.statusCode() == 503 && answer.headers().firstValue("Retry-After").isPresent()
                && answer.headers().firstValue("Content-Type").orElse("").equals("application/problem+json");
    }

    /** Whether sessions opened on {@code server} reach {@code mode} within the time (503s are waited out). */
    private boolean untilMode(WebServer server, String mode, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = open(server);
            if (answer.statusCode() == 201 && Json.mapper().readTree(answer.body()).path("mode").asText().equals(mode)) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** A 503 problem with Retry-After, as the store's outage is promised to answer. */
    private static void assertCleanOutage(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private HttpResponse<String> untilCreated(String server, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<String> answer = open(server);
        while (answer.statusCode() != 201 && System.nanoTime() < deadline) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            Thread.sleep(200);
            answer = open(server);
        }
        return answer;
    }

    private static String sqliteIntegrity(Path database) throws Exception {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                var rows = connection.createStatement().executeQuery("PRAGMA integrity_check")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static String audit(Path workingDirectory, String databaseUrl) throws Exception {
        return ServedProcess.run(ServedProcess.lightvibes(workingDirectory, Map.of(), "evidence", "verify",
                "--database-url", databaseUrl));
    }

    @Test
    void aFullDiskIsA503AndTheServiceRecoversWhenSpaceReturns() throws Exception {
        Path disk = scratch.resolve("disk");
        mountTmpfs(disk, 4);
        try {
            Path filler = disk.resolve("filler");
            try (ServedProcess server = serveChild(disk)) {
                assertThat(open(server.url()).statusCode()).isEqualTo(201);
                try (OutputStream out = Files.newOutputStream(filler)) {
                    byte[] block = new byte[64 * 1024];
                    while (true) {
                        out.write(block); // until ENOSPC
                    }
                } catch (IOException full) {
                    // the disk is full
                }
                for (int i = 0; i < 20; i++) {
                    HttpResponse<String> answer = open(server.url());
                    if (answer.statusCode() == 201) {
                        continue; // a page the database already had may still fit
                    }
                    assertCleanOutage(answer);
                }
                assertCleanOutage(open(server.url()));

                Files.delete(filler);
                assertThat(untilCreated(server.url(), Duration.ofSeconds(30)).statusCode()).isEqualTo(201);
            }
            assertThat(sqliteIntegrity(disk.resolve("lightvibes.db"))).isEqualTo("ok");
            assertThat(audit(scratch, "jdbc:sqlite:" + disk.resolve("lightvibes.db"))).startsWith("OK");
        } finally {
            sh("umount", "-l", disk.toString());
        }
    }

    /**
     * The database's files turned immutable ({@code chattr +i} on an ext4 image): every write is
     * refused, even to root, as on a disk the kernel remounted read-only after errors. (A real
     * {@code remount,ro} is refused while the database is open for writing.)
     */
    @Test
    void aReadOnlyDiskIsA503AndTheServiceRecoversWhenItIsWritableAgain() throws Exception {
        Path image = scratch.resolve("disk.img");
        Path disk = scratch.resolve("disk");
        Files.createDirectories(disk);
        try (var file = java.nio.channels.FileChannel.open(image, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            file.truncate(0).write(java.nio.ByteBuffer.allocate(1), 32L * 1024 * 1024 - 1);
        }
        Assumptions.assumeTrue(sh("mkfs.ext4", "-q", "-F", image.toString()) == 0, "needs mkfs.ext4 (e2fsprogs)");
        Assumptions.assumeTrue(sh("mount", "-o", "loop", image.toString(), disk.toString()) == 0,
                "needs root and loop devices to mount an ext4 image (CI runs as root)");
        List<String> files = List.of("lightvibes.db", "lightvibes.db-wal", "lightvibes.db-shm", ".");
        try {
            ServedProcess server = serveChild(disk);
            try {
                assertThat(open(server.url()).statusCode()).isEqualTo(201);
                for (String name : files) {
                    if (Files.exists(disk.resolve(name))) {
                        assertThat(sh("chattr", "+i", disk.resolve(name).toString())).isZero();
                    }
                }
                // Either a clean 503, or the server died of SIGBUS on its WAL index (see serveChild):
                // never a 201 that did not commit, never a 500.
                boolean died = false;
                for (int i = 0; i < 5 && !died; i++) {
                    try {
                        assertCleanOutage(open(server.url()));
                    } catch (IOException gone) {
                        server.awaitExit(Duration.ofSeconds(30));
                        died = true;
                    }
                }
                for (String name : files) {
                    if (Files.exists(disk.resolve(name))) {
                        sh("chattr", "-i", disk.resolve(name).toString());
                    }
                }
                if (died) {
                    server = serveChild(disk); // as a supervisor would: the restart must find the database whole
                }
                assertThat(untilCreated(server.url(), Duration.ofSeconds(30)).statusCode()).isEqualTo(201);
            } finally {
                server.close();
            }
            assertThat(sqliteIntegrity(disk.resolve("lightvibes.db"))).isEqualTo("ok");
            assertThat(audit(scratch, "jdbc:sqlite:" + disk.resolve("lightvibes.db"))).startsWith("OK");
        } finally {
            for (String name : files) {
                sh("chattr", "-i", disk.resolve(name).toString());
            }
            sh("umount", "-l", disk.toString());
        }
    }

    @Test
    void postgresqlStoppedIsA503AndTheServiceRecoversWhenItIsBackWithoutAHand() throws Exception {
        String base = System.getenv("LIGHTVIBES_TEST_POSTGRES_URL");
        String pgCtl = System.getenv("LIGHTVIBES_TEST_PG_CTL");
        Assumptions.assumeTrue(base != null && !base.isBlank() && pgCtl != null && !pgCtl.isBlank(),
                "needs LIGHTVIBES_TEST_POSTGRES_URL and LIGHTVIBES_TEST_PG_CTL (e.g. 'pg_ctlcluster "
                        + "--skip-systemctl-redirect 15 main'), which .ci/run sets");
        List<String> ctl = List.of(pgCtl.trim().split("\\s+"));
        String schema = "lv_outage_" + Long.toUnsignedString(new SecureRandom().nextLong(), 36);
        try (var connection = DriverManager.getConnection(base); var statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        }
        String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        try {
            // The shared link on: its leader's lock connection dies with the server and must come back too.
            Map<String, String> settings = Map.of("LIGHTVIBES_DATABASE_URL", url, "LIGHTVIBES_LINK_ENABLED", "true",
                    "LIGHTVIBES_LINK_PULSES_PER_BLOCK", "1e8", "LIGHTVIBES_LINK_REPETITION_RATE_HZ", "1e9");
            try (Assembly assembly = serve(settings, scratch)) {
                WebServer server = assembly.serve();
                try {
                    assertThat(untilMode(server, "QMK", Duration.ofSeconds(60))).as("the link serves before").isTrue();
                    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
                    List<String> unclean = new CopyOnWriteArrayList<>();
                    AtomicBoolean loading = new AtomicBoolean(true);
                    List<Thread> load = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        load.add(Thread.ofPlatform().start(() -> {
                            while (loading.get()) {
                                try {
                                    HttpResponse<String> answer = open(server);
                                    statuses.computeIfAbsent(answer.statusCode(), code -> new AtomicInteger())
                                            .incrementAndGet();
                                    if (answer.statusCode() != 201 && !isCleanOutage(answer)) {
                                        unclean.add(answer.statusCode() + " " + answer.body());
                                    }
                                } catch (IOException | InterruptedException e) {
                                    unclean.add(e.toString());
                                }
                            }
                        }));
                    }
                    Thread.sleep(1_000);
                    List<String> stop = new ArrayList<>(ctl);
                    stop.addAll(List.of("stop", "-m", "fast"));
                    assertThat(sh(stop.toArray(String[]::new))).isZero();
                    try {
                        Thread.sleep(4_000); // the load meets the outage
                    } finally {
                        List<String> start = new ArrayList<>(ctl);
                        start.add("start");
                        assertThat(sh(start.toArray(String[]::new))).isZero();
                    }
                    int createdBefore = statuses.getOrDefault(201, new AtomicInteger()).get();
                    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                    while (statuses.getOrDefault(201, new AtomicInteger()).get() < createdBefore + 20
                            && System.nanoTime() < deadline) {
                        Thread.sleep(100);
                    }
                    loading.set(false);
                    for (Thread thread : load) {
                        thread.join();
                    }
                    assertThat(unclean).as("every answer a 201 or a clean 503").isEmpty();
                    assertThat(statuses.keySet()).containsExactlyInAnyOrder(201, 503);
                    assertThat(statuses.get(201).get()).as("the service recovered by itself")
                            .isGreaterThanOrEqualTo(createdBefore + 20);
                    assertThat(untilMode(server, "QMK", Duration.ofSeconds(60))).as("and so did the link").isTrue();
                } finally {
                    server.stop();
                }
            }
            assertThat(audit(scratch, url)).startsWith("OK");
        } finally {
            try (var connection = DriverManager.getConnection(base); var statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }
}
