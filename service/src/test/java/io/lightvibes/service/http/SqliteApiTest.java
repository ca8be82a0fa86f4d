package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.metrics.api.Metrics;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.lightvibes.service.guard.Guard;
import io.lightvibes.service.identity.Authenticator;
import io.lightvibes.service.Main;
import io.lightvibes.service.keys.EvidenceEvents;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.keys.ModeController;
import io.lightvibes.service.pqc.MlKemKeySource;
import io.lightvibes.service.sealing.HpkeOpener;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.StoreOptions;
import io.lightvibes.service.testing.Bytes;
import io.lightvibes.sim.link.AbsentLink;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The real stack over TCP: SQLite store (WAL, FULL), ML-KEM-768 keys, HPKE sealing. After a load,
 * neither the database files nor the logs hold any delivered key, raw, hex or base64.
 */
@ServerTest
class SqliteApiTest {

    private static final Path DIR = tempDir();
    private static final JdbcKeyStore STORE = JdbcKeyStore.create("jdbc:sqlite:" + DIR.resolve("lightvibes.db"),
            StoreOptions.DEFAULTS);
    private static final ByteArrayOutputStream LOGS = new ByteArrayOutputStream();
    private static final Handler CAPTURE = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public synchronized void publish(LogRecord record) {
            LOGS.writeBytes(formatter.format(record).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static final io.lightvibes.service.sealing.RecipientPrivateKey ALICE =
            io.lightvibes.service.sealing.RecipientPrivateKey.generate(io.lightvibes.service.sealing.SealSuite.X25519,
                    new SecureRandom());
    private static final io.lightvibes.service.sealing.RecipientPrivateKey BOB =
            io.lightvibes.service.sealing.RecipientPrivateKey.generate(
                    io.lightvibes.service.sealing.SealSuite.MLKEM768_X25519, new SecureRandom());
    private final Http1Client client;

    SqliteApiTest(Http1Client client) {
        this.client = client;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("lightvibes-api");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Logger root = Logger.getLogger("");
        CAPTURE.setLevel(java.util.logging.Level.ALL);
        root.addHandler(CAPTURE);
        STORE.open();
        var random = new SecureRandom();
        var clock = Clock.systemUTC();
        var modes = new ModeController(new AbsentLink(), MlKemKeySource.create(random), 0.08, 5);
        // Registered peers for the two-party scan; requests without the test header are the local operator's.
        java.util.Map<String, io.lightvibes.service.sealing.RecipientPublicKey> registered = java.util.Map.of(
                "alice", ALICE.publicKey(), "bob", BOB.publicKey());
        var keys = new KeyService(STORE, modes, new HpkeSealer(ApiFixture.RECIPIENT.publicKey(), random),
                peerId -> java.util.Optional.ofNullable(registered.get(peerId)), clock, 120,
                new EvidenceEvents(clock), random);
        Main.configure(server, new Main.Parts(keys, ApiFixture.control(new AbsentLink()), java.util.Optional.empty(),
                new ServiceMetrics(Metrics.globalRegistry()), false, GuardRoutesTest.byHeader(),
                Guard.defaults(clock, 120)));
    }

    @AfterAll
    static void closeStore() {
        Logger.getLogger("").removeHandler(CAPTURE);
        STORE.close();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(DIR);
        } catch (IOException e) {
            // a leftover temporary directory is harmless
        }
    }

    private JsonNode post(String body) throws IOException {
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON).submit(body)) {
            assertThat(response.status().code()).isEqualTo(201);
            return Json.mapper().readTree(response.as(String.class));
        }
    }

    @Test
    void sixtyFourRacingFetchesOverTcpDeliverExactlyOnce() throws Exception {
        String keyRef = post("{\"peer_id\": \"racer\"}").get("key_ref").asText();
        List<Callable<Integer>> fetches = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            fetches.add(() -> {
                try (var response = client.get("/lightvibes/key/" + keyRef).request()) {
                    return response.status().code();
                }
            });
        }
        List<Integer> codes = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (Future<Integer> code : pool.invokeAll(fetches)) {
                codes.add(code.get());
            }
        }
        assertThat(codes.stream().filter(c -> c == 200)).hasSize(1);
        assertThat(codes.stream().filter(c -> c == 404)).hasSize(63);
    }

    @Test
    void noDeliveredKeyIsLeftInTheDatabaseFilesOrTheLogs() throws Exception {
        List<byte[]> delivered = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            JsonNode opened = post("{\"peer_id\": \"scan-" + i + "\", \"policy\": {\"min_keybits\": "
                    + (i % 2 == 0 ? 256 : 512) + "}}");
            String keyRef = opened.get("key_ref").asText();
            try (var response = client.get("/lightvibes/key/" + keyRef).request()) {
                JsonNode body = Json.mapper().readTree(response.as(String.class));
                try (var key = HpkeOpener.open(ApiFixture.RECIPIENT, body.get("key_sealed").asText(), keyRef)) {
                    delivered.add(key.reveal().clone());
                }
            }
        }
        // Some sessions stay open so their sealed blobs are still in the database.
        for (int i = 0; i < 20; i++) {
            post("{\"peer_id\": \"open-" + i + "\"}");
        }
        byte[] files = databaseFiles();
        assertThat(files.length).isGreaterThan(4096);
        String logs = LOGS.toString(StandardCharsets.UTF_8);
        for (byte[] key : delivered) {
            for (byte[] form : forms(key)) {
                assertThat(Bytes.indexOf(files, form)).as("a delivered key is in the database files").isNegative();
                assertThat(logs).doesNotContain(new String(form, StandardCharsets.ISO_8859_1));
            }
        }
    }

    @Test
    void twoPartySessionsLeaveNoDeliveredKeyInTheDatabaseFilesOrTheLogs() throws Exception {
        var peer = io.helidon.http.HeaderNames.create(GuardRoutesTest.PEER_HEADER);
        List<byte[]> delivered = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String keyRef;
            try (var response = client.post("/lightvibes/session").header(peer, "alice")
                    .contentType(MediaTypes.APPLICATION_JSON).submit("{\"peer_id\": \"bob\"}")) {
                assertThat(response.status().code()).isEqualTo(201);
                keyRef = Json.mapper().readTree(response.as(String.class)).get("key_ref").asText();
            }
            byte[] aliceKey;
            try (var response = client.get("/lightvibes/key/" + keyRef).header(peer, "alice").request();
                    var key = HpkeOpener.open(ALICE, Json.mapper().readTree(response.as(String.class))
                            .get("key_sealed").asText(), keyRef)) {
                aliceKey = key.reveal().clone();
            }
            try (var response = client.get("/lightvibes/key/" + keyRef).header(peer, "bob").request();
                    var key = HpkeOpener.open(BOB, Json.mapper().readTree(response.as(String.class))
                            .get("key_sealed").asText(), keyRef)) {
                assertThat(key.reveal()).as("both parties hold the same key").isEqualTo(aliceKey);
            }
            try (var response = client.get("/lightvibes/key/" + keyRef).header(peer, "mallory").request()) {
                assertThat(response.status().code()).isEqualTo(404);
            }
            delivered.add(aliceKey);
        }
        byte[] files = databaseFiles();
        String logs = LOGS.toString(StandardCharsets.UTF_8);
        for (byte[] key : delivered) {
            for (byte[] form : forms(key)) {
                assertThat(Bytes.indexOf(files, form)).as("a delivered key is in the database files").isNegative();
                assertThat(logs).doesNotContain(new String(form, StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static List<byte[]> forms(byte[] key) {
        return List.of(key,
                HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII),
                HexFormat.of().withUpperCase().formatHex(key).getBytes(StandardCharsets.US_ASCII),
                Base64.getEncoder().encodeToString(key).getBytes(StandardCharsets.US_ASCII),
                Base64.getUrlEncoder().withoutPadding().encodeToString(key).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] databaseFiles() throws IOException {
        var all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.toList()) {
                all.writeBytes(Files.readAllBytes(file));
            }
        }
        return all.toByteArray();
    }

}
