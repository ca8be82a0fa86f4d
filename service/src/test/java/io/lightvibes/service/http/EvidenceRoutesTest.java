package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.Metrics;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.lightvibes.service.guard.Guard;
import io.lightvibes.service.identity.Authenticator;
import io.lightvibes.service.Main;
import io.lightvibes.service.evidence.Checkpoint;
import io.lightvibes.service.evidence.EvidenceAudit;
import io.lightvibes.service.evidence.EvidenceVerifier;
import io.lightvibes.service.evidence.HttpEvidenceSource;
import io.lightvibes.service.evidence.Merkle;
import io.lightvibes.service.evidence.NoteSigner;
import io.lightvibes.service.evidence.NoteSigningKey;
import io.lightvibes.service.evidence.NoteVerifier;
import io.lightvibes.service.evidence.SignedNotes;
import io.lightvibes.service.keys.EvidenceEvents;
import io.lightvibes.service.keys.EvidenceLog;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.keys.ModeController;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.StoreOptions;
import io.lightvibes.service.testing.FakePqc;
import io.lightvibes.sim.link.AbsentLink;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** /lightvibes/evidence over HTTP on the SQLite store: checkpoints verify, proofs check, the log audits. */
@ServerTest
class EvidenceRoutesTest {

    private static final String ORIGIN = "lightvibes.test/evidence";
    private static final Path DIR = temporaryDirectory();
    private static final String URL = "jdbc:sqlite:" + DIR.resolve("lightvibes.db");
    private static final JdbcKeyStore STORE = JdbcKeyStore.create(URL, StoreOptions.DEFAULTS);
    private static EvidenceLog log;
    private final Http1Client client;
    private final URI base;

    EvidenceRoutesTest(Http1Client client, URI uri) {
        this.client = client;
        this.base = uri;
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("lightvibes-evidence");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        STORE.open();
        var random = new SecureRandom();
        var clock = Clock.systemUTC();
        log = new EvidenceLog(STORE, clock, ORIGIN, new NoteSigner(ORIGIN, NoteSigningKey.generate(random)), 256,
                Duration.ofSeconds(10));
        log.start();
        var modes = new ModeController(new AbsentLink(), new FakePqc(), 0.08, 5);
        var keys = new KeyService(STORE, modes, new HpkeSealer(ApiFixture.RECIPIENT.publicKey(), random), clock, 120,
                new EvidenceEvents(clock), random);
        Main.configure(server, new Main.Parts(keys, ApiFixture.control(new AbsentLink()), Optional.of(log),
                new ServiceMetrics(Metrics.globalRegistry()), false, Authenticator.none(),
                Guard.defaults(clock, 120)));
    }

    @AfterAll
    static void close() throws IOException {
        log.close();
        STORE.close();
        try (var files = Files.list(DIR)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(DIR);
    }

    private void sessions(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            String keyRef;
            try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON)
                    .submit("{\"peer_id\": \"p" + i + "\"}")) {
                assertThat(response.status().code()).isEqualTo(201);
                keyRef = Json.mapper().readTree(response.as(String.class)).get("key_ref").asText();
            }
            try (var response = client.get("/lightvibes/key/" + keyRef).request()) {
                assertThat(response.status().code()).isEqualTo(200);
            }
        }
    }

    /** A GET of {@code path}, whose {@code ?a=1&b=2} part becomes query parameters (not an encoded path). */
    private io.helidon.webclient.http1.Http1ClientRequest get(String path) {
        int question = path.indexOf('?');
        var request = client.get(question < 0 ? path : path.substring(0, question));
        if (question >= 0) {
            for (String pair : path.substring(question + 1).split("&")) {
                int equals = pair.indexOf('=');
                request.queryParam(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return request;
    }

    private String text(String path) {
        try (var response = get(path).request()) {
            assertThat(response.status().code()).isEqualTo(200);
            return response.as(String.class);
        }
    }

    private JsonNode json(String path) throws IOException {
        return Json.mapper().readTree(text(path));
    }

    private Checkpoint signNow() {
        String note;
        try (var response = client.post("/lightvibes/evidence/checkpoint").request()) {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.headers().first(HeaderNames.CONTENT_TYPE).orElse("")).startsWith("text/plain");
            note = response.as(String.class);
        }
        NoteVerifier key = NoteVerifier.parse(text("/lightvibes/evidence/key").strip());
        var opened = SignedNotes.open(note, List.of(key));
        assertThat(opened.signers()).containsExactly(key.name());
        return Checkpoint.parse(opened.text());
    }

    private List<byte[]> entries() throws IOException {
        List<byte[]> leaves = new ArrayList<>();
        long size;
        do {
            JsonNode page = json("/lightvibes/evidence/entries?start=" + leaves.size());
            size = page.get("tree_size").asLong();
            for (JsonNode item : page.get("entries")) {
                assertThat(item.get("index").asLong()).isEqualTo(leaves.size());
                leaves.add(Base64.getDecoder().decode(item.get("data").asText()));
            }
        } while (leaves.size() < size);
        return leaves;
    }

    @Test
    void aCheckpointIsASignedNoteOverTheServedEntries() throws IOException {
        sessions(3);
        Checkpoint checkpoint = signNow();
        List<byte[]> leaves = entries();
        assertThat(checkpoint.origin()).isEqualTo(ORIGIN);
        assertThat(checkpoint.treeSize()).isEqualTo(leaves.size());
        assertThat(checkpoint.rootHash()).isEqualTo(Merkle.rootHash(leaves.subList(0, (int) checkpoint.treeSize())));
        assertThat(text("/lightvibes/evidence/key")).startsWith(ORIGIN + "+").endsWith("\n");
        assertThat(text("/lightvibes/evidence/checkpoint")).isNotBlank();
    }

    @Test
    void inclusionAndConsistencyProofsVerify() throws IOException {
        sessions(2);
        Checkpoint old = signNow();
        sessions(3);
        Checkpoint now = signNow();
        List<byte[]> leaves = entries();
        for (long index : new long[] {0, 3, now.treeSize() - 1}) {
            JsonNode proof = json("/lightvibes/evidence/proof/inclusion?index=" + index + "&tree_size=" + now.treeSize());
            assertThat(Merkle.verifyInclusion(Merkle.leafHash(leaves.get((int) index)), index, now.treeSize(),
                    decode(proof.get("proof")), now.rootHash())).isTrue();
        }
        JsonNode consistency = json("/lightvibes/evidence/proof/consistency?first=" + old.treeSize() + "&second="
                + now.treeSize());
        assertThat(Merkle.verifyConsistency(old.treeSize(), now.treeSize(), old.rootHash(), now.rootHash(),
                decode(consistency.get("proof")))).isTrue();
    }

    private static List<byte[]> decode(JsonNode hashes) {
        List<byte[]> decoded = new ArrayList<>();
        hashes.forEach(hash -> decoded.add(Base64.getDecoder().decode(hash.asText())));
        return decoded;
    }

    @Test
    void theServedLogAuditsCleanWithTheServersKeyPinned() throws IOException {
        sessions(4);
        signNow();
        List<String> notes = new ArrayList<>();
        json("/lightvibes/evidence/checkpoints").get("checkpoints").forEach(item -> notes.add(item.get("note").asText()));
        String key = text("/lightvibes/evidence/key").strip();
        var report = EvidenceAudit.audit(entries().iterator(), notes, List.of(key), Optional.empty());
        assertThat(report.ok()).as(report.verdict()).isTrue();
        try (var source = HttpEvidenceSource.of(base)) {
            var overHttp = EvidenceVerifier.verify(source, List.of(key), Optional.empty());
            assertThat(overHttp.ok()).as(overHttp.verdict()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/lightvibes/evidence/proof/inclusion?index=99&tree_size=1",
        "/lightvibes/evidence/proof/inclusion?index=0&tree_size=10000000",
        "/lightvibes/evidence/proof/inclusion?index=-1&tree_size=1",
        "/lightvibes/evidence/proof/inclusion?index=x&tree_size=1",
        "/lightvibes/evidence/proof/inclusion?tree_size=1",
        "/lightvibes/evidence/proof/consistency?first=2&second=1",
        "/lightvibes/evidence/proof/consistency?first=0&second=1",
        "/lightvibes/evidence/entries?start=10000000",
        "/lightvibes/evidence/entries?start=1&end=0",
        "/lightvibes/evidence/checkpoints?limit=0",
        "/lightvibes/evidence/checkpoints?limit=1001",
    })
    void badEvidenceQueriesAre422(String path) {
        try (var response = get(path).request()) {
            assertThat(response.status().code()).as(path).isEqualTo(422);
            assertThat(response.headers().first(HeaderNames.CONTENT_TYPE)).contains(Problem.MEDIA_TYPE);
        }
    }

    @Test
    void issuanceIsRefusedWhenTheLogCannotBeWritten() throws Exception {
        long sessionsBefore = count("sessions");
        try (var connection = DriverManager.getConnection(URL); var statement = connection.createStatement()) {
            statement.execute("CREATE TRIGGER refuse BEFORE INSERT ON evidence_entries "
                    + "BEGIN SELECT RAISE(ABORT, 'evidence log refuses writes'); END");
        }
        try {
            try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON)
                    .submit("{\"peer_id\": \"p\"}")) {
                assertThat(response.status().code()).isEqualTo(503);
                assertThat(response.headers().first(HeaderNames.CONTENT_TYPE)).contains(Problem.MEDIA_TYPE);
                assertThat(response.as(String.class)).doesNotContain("refuses writes");
            }
            assertThat(count("sessions")).isEqualTo(sessionsBefore);
        } finally {
            try (var connection = DriverManager.getConnection(URL); var statement = connection.createStatement()) {
                statement.execute("DROP TRIGGER refuse");
            }
        }
    }

    private static long count(String table) throws Exception {
        try (var connection = DriverManager.getConnection(URL); var statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
