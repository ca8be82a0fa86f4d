package io.lightvibes.service.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lightvibes.service.http.Json;
import io.lightvibes.service.hsm.Pkcs11Token;
import io.lightvibes.service.hsm.WrappedSigningKey;
import io.lightvibes.service.secrets.SecretBytes;
import io.lightvibes.service.store.JdbcWrappedKeys;
import io.lightvibes.service.store.StoreOptions;
import io.lightvibes.service.testing.Bytes;
import io.lightvibes.service.testing.TestToken;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lightvibes serve} with {@code LIGHTVIBES_KEY_BACKEND=pkcs11}: the evidence signing identity
 * survives a restart, so one pinned key audits the whole log; a token that cannot be used stops
 * start-up with one line and exit code 2.
 */
class Pkcs11ServeTest {

    @TempDir
    Path state;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void keygen() throws Exception {
        String out = ServedProcess.run(ServedProcess.lightvibes(state, Map.of(), "keygen", "--out", state.toString()));
        assertThat(out).contains("recipient.key");
    }

    private Map<String, String> settings(Map<String, String> token) {
        Map<String, String> settings = new HashMap<>(token);
        settings.put("LIGHTVIBES_STATE_DIR", state.toString());
        settings.put("LIGHTVIBES_LINK_ENABLED", "false");
        return settings;
    }

    private String get(String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** A session opened and fetched, then a checkpoint signed: the log has something to audit. */
    private String useOnce(ServedProcess server) throws Exception {
        HttpResponse<String> opened = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/lightvibes/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"peer_id\": \"restart\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        JsonNode session = Json.mapper().readTree(opened.body());
        get(server.url() + "/lightvibes/key/" + session.get("key_ref").asText());
        var signed = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/lightvibes/evidence/checkpoint"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        return get(server.url() + "/lightvibes/evidence/key").strip();
    }

    @Test
    void theSigningKeySurvivesARestartAndTheLogAuditsWithOnePinnedKey() throws Exception {
        TestToken token = TestToken.fromEnvironment();
        Map<String, String> settings = settings(token.serveEnvironment());
        String firstKey;
        List<String> output;
        try (var first = ServedProcess.start(state, settings)) {
            firstKey = useOnce(first);
            output = first.output();
        }
        String secondKey;
        try (var second = ServedProcess.start(state, settings)) {
            secondKey = useOnce(second);
            output = java.util.stream.Stream.concat(output.stream(), second.output().stream()).toList();
        }
        assertThat(secondKey).isEqualTo(firstKey);

        String database = "jdbc:sqlite:" + state.resolve("lightvibes.db");
        Process audit = ServedProcess.lightvibes(state, Map.of(), "evidence", "verify", "--database-url", database,
                "--trusted-key", firstKey);
        String verdict = ServedProcess.run(audit);
        assertThat(verdict).startsWith("OK").contains("1 signing key;").contains("first key pinned");
        assertThat(audit.exitValue()).isZero();
        assertThat(String.join("\n", output)).doesNotContain(token.pin());

        // The seed is in the database only wrapped by the token's key: no raw, hex or base64 form of it.
        byte[] files = databaseFiles();
        try (var tokenSession = Pkcs11Token.open(token.settings());
                var keys = JdbcWrappedKeys.open(database, StoreOptions.DEFAULTS);
                SecretBytes seed = tokenSession.keyWrapper(new SecureRandom()).unwrap(
                        keys.find(WrappedSigningKey.NAME).orElseThrow().wrapped(),
                        WrappedSigningKey.aad(WrappedSigningKey.NAME))) {
            for (byte[] form : TestToken.forms(seed.reveal())) {
                assertThat(Bytes.indexOf(files, form)).as("the signing seed is in the database files").isNegative();
            }
        }
    }

    private byte[] databaseFiles() throws Exception {
        var all = new ByteArrayOutputStream();
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path file = state.resolve("lightvibes.db" + suffix);
            if (Files.exists(file)) {
                all.write(Files.readAllBytes(file));
            }
        }
        assertThat(all.size()).isGreaterThan(4096);
        return all.toByteArray();
    }

    private void assertStartUpStops(Map<String, String> settings, String expectedStart, List<String> secrets)
            throws Exception {
        Process serve = ServedProcess.lightvibes(state, settings, "serve", "--port", "0");
        String out = ServedProcess.run(serve);
        assertThat(serve.exitValue()).as(out).isEqualTo(2);
        // Log lines may come first; the reason is one line of its own.
        List<String> reasons = out.lines().filter(line -> line.startsWith("lightvibes: ")).toList();
        assertThat(reasons).as(out).singleElement().asString().startsWith("lightvibes: " + expectedStart);
        for (String secret : secrets) {
            assertThat(out).doesNotContain(secret);
        }
    }

    @Test
    void aWrongPinStopsStartUpWithOneLineThatHidesIt() throws Exception {
        TestToken token = TestToken.fromEnvironment();
        String wrong = "wrong-" + UUID.randomUUID();
        Map<String, String> settings = settings(token.serveEnvironment());
        settings.put("LIGHTVIBES_PKCS11_PIN", wrong);
        assertStartUpStops(settings, "LIGHTVIBES_PKCS11_PIN: the token '" + token.label() + "' refused the PIN",
                List.of(wrong, token.pin()));
    }

    @Test
    void aMissingTokenStopsStartUpNamingTheLabel() throws Exception {
        TestToken token = TestToken.fromEnvironment();
        Map<String, String> settings = settings(token.serveEnvironment());
        settings.put("LIGHTVIBES_PKCS11_TOKEN_LABEL", "no-such-token");
        assertStartUpStops(settings, "LIGHTVIBES_PKCS11_TOKEN_LABEL: no token labelled 'no-such-token'",
                List.of(token.pin()));
    }

    @Test
    void aMissingModuleStopsStartUpNamingIt() throws Exception {
        String pin = "pin-" + UUID.randomUUID();
        Map<String, String> settings = settings(Map.of("LIGHTVIBES_KEY_BACKEND", "pkcs11",
                "LIGHTVIBES_PKCS11_MODULE", state.resolve("libmissing.so").toString(), "LIGHTVIBES_PKCS11_PIN", pin));
        assertStartUpStops(settings, "LIGHTVIBES_PKCS11_MODULE: " + state.resolve("libmissing.so") + " does not exist",
                List.of(pin));
    }
}
