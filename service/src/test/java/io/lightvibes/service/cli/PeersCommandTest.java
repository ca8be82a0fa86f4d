package io.lightvibes.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lightvibes.service.identity.CertificateSubjects;
import io.lightvibes.service.identity.TokenHash;
import io.lightvibes.service.sealing.KeyFiles;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code lightvibes peers} on the configured database, and {@code serve}'s refusal of AUTH=none on a public address. */
class PeersCommandTest {

    private static final Pattern TOKEN = Pattern.compile("lv_[A-Za-z0-9_-]{43}");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Map<String, String> env;
    private Path publicKey;

    @BeforeEach
    void stateDir() {
        env = Map.of("LIGHTVIBES_STATE_DIR", dir.toString());
        publicKey = KeyFiles.writeKeyPair(dir.resolve("node-a"), SealSuite.X25519, false, new SecureRandom())
                .publicKeyFile();
    }

    private CliRunner.Run run(String... args) {
        return CliRunner.run(env, dir.resolve(".env"), "", args);
    }

    private static String token(String out) {
        Matcher found = TOKEN.matcher(out);
        assertThat(found.find()).as("a token in: " + out).isTrue();
        String token = found.group();
        assertThat(found.find()).as("the token printed once").isFalse();
        return token;
    }

    private JdbcKeyStore store() {
        var store = JdbcKeyStore.create("jdbc:sqlite:" + dir.resolve("lightvibes.db"), StoreOptions.DEFAULTS);
        store.open();
        return store;
    }

    @Test
    void addPrintsATokenOnceThatAuthenticatesAndTheDatabaseKeepsOnlyItsHash() throws Exception {
        var added = run("peers", "add", "node-a", "--recipient-key", publicKey.toString(), "--role", "admin",
                "--cert-subject", "CN=node-a, O=Example");
        assertThat(added.code()).as(added.err()).isZero();
        String token = token(added.out());
        assertThat(added.out()).contains("node-a").contains("admin").contains("shown once");
        try (var store = store()) {
            assertThat(store.peers().activeByToken(TokenHash.of(token)).orElseThrow().peerId()).isEqualTo("node-a");
            assertThat(store.peers().activeBySubject(CertificateSubjects.canonical("CN=node-a,O=Example"))).isPresent();
        }
        var listed = run("peers", "list");
        assertThat(listed.code()).isZero();
        assertThat(listed.out()).contains("node-a").contains("active").contains("admin").doesNotContain(token);
        String database = new String(Files.readAllBytes(dir.resolve("lightvibes.db")), StandardCharsets.ISO_8859_1);
        assertThat(database).doesNotContain(token).doesNotContain(token.substring(3));
    }

    @Test
    void jsonOutputsCarryTheFieldsAScriptNeeds() throws Exception {
        var added = run("peers", "add", "node-b", "--recipient-key", publicKey.toString(), "--json");
        assertThat(added.code()).as(added.err()).isZero();
        JsonNode body = JSON.readTree(added.out());
        assertThat(body.get("peer_id").asText()).isEqualTo("node-b");
        assertThat(body.get("token").asText()).matches(TOKEN);
        assertThat(body.get("recipient_key_id").asText()).isEqualTo(KeyFiles.loadPublicKey(publicKey).keyId());
        assertThat(body.get("cert_subject").isNull()).isTrue();

        JsonNode list = JSON.readTree(run("peers", "list", "--json").out());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("status").asText()).isEqualTo("active");
        assertThat(list.get(0).get("has_token").asBoolean()).isTrue();
        assertThat(list.get(0).has("token")).isFalse();
        assertThat(list.get(0).get("recipient_keys").get(0).get("suite").asText()).isEqualTo("x25519");
    }

    @Test
    void revokeEndsTheTokenAndIsReportedOnceDone() {
        String token = token(run("peers", "add", "node-a", "--recipient-key", publicKey.toString()).out());
        var revoked = run("peers", "revoke", "node-a");
        assertThat(revoked.code()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("revoked peer node-a");
        try (var store = store()) {
            assertThat(store.peers().activeByToken(TokenHash.of(token))).isEmpty();
        }
        var again = run("peers", "revoke", "node-a");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("already");
        assertThat(run("peers", "list").out()).contains("revoked");
        var unknown = run("peers", "revoke", "nobody");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no peer named nobody");
    }

    @Test
    void rotateTokenReplacesTheTokenForActivePeersOnly() {
        String first = token(run("peers", "add", "node-a", "--recipient-key", publicKey.toString()).out());
        var rotated = run("peers", "rotate-token", "node-a");
        assertThat(rotated.code()).as(rotated.err()).isZero();
        String second = token(rotated.out());
        assertThat(second).isNotEqualTo(first);
        try (var store = store()) {
            assertThat(store.peers().activeByToken(TokenHash.of(first))).isEmpty();
            assertThat(store.peers().activeByToken(TokenHash.of(second))).isPresent();
        }
        run("peers", "revoke", "node-a");
        var refused = run("peers", "rotate-token", "node-a");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("no active peer named node-a");
    }

    @Test
    void aTakenNameFailsWithExit1() {
        run("peers", "add", "node-a", "--recipient-key", publicKey.toString());
        var again = run("peers", "add", "node-a", "--recipient-key", publicKey.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("node-a").contains("exists");
        assertThat(again.out()).doesNotContain("lv_");
    }

    @Test
    void badUsageIsExit2NamingWhatIsWrong() {
        var badName = run("peers", "add", "node a", "--recipient-key", publicKey.toString());
        assertThat(badName.code()).isEqualTo(2);
        assertThat(badName.err()).contains("NAME");
        var badSubject = run("peers", "add", "node-a", "--recipient-key", publicKey.toString(), "--cert-subject",
                "/CN=node-a");
        assertThat(badSubject.code()).isEqualTo(2);
        assertThat(badSubject.err()).contains("RFC 2253");
        var badRole = run("peers", "add", "node-a", "--recipient-key", publicKey.toString(), "--role", "Admin!");
        assertThat(badRole.code()).isEqualTo(2);
        assertThat(badRole.err()).contains("role");
        var noKey = run("peers", "add", "node-a", "--recipient-key", dir.resolve("missing.pub").toString());
        assertThat(noKey.code()).isEqualTo(2);
        assertThat(noKey.err()).contains("missing.pub");
        assertThat(run("peers", "add", "node-a").code()).isEqualTo(2);
        assertThat(run("peers", "list").out()).contains("no peers");
    }

    @Test
    void databaseUrlChoosesAnotherStore() {
        String other = "jdbc:sqlite:" + dir.resolve("other").resolve("peers.db");
        var added = run("peers", "add", "node-a", "--recipient-key", publicKey.toString(), "--database-url", other);
        assertThat(added.code()).as(added.err()).isZero();
        assertThat(run("peers", "list", "--database-url", other).out()).contains("node-a");
        assertThat(run("peers", "list").out()).contains("no peers");
        var unusable = run("peers", "list", "--database-url", "jdbc:mysql://db/keys");
        assertThat(unusable.code()).isEqualTo(2);
    }

    @Test
    @Timeout(120)
    void serveRefusesAuthNoneOnANonLoopbackAddressWithExit2() throws Exception {
        KeyFiles.writeKeyPair(dir, SealSuite.X25519, false, new SecureRandom());
        var refused = CliRunner.run(Map.of("LIGHTVIBES_STATE_DIR", dir.toString(), "LIGHTVIBES_DRIVER", "java"),
                dir.resolve(".env"), "", "serve", "--host", "0.0.0.0", "--port", "0");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip()).doesNotContain("\n").contains("LIGHTVIBES_AUTH=none")
                .contains("LIGHTVIBES_AUTH_NONE_ALLOW_REMOTE");
    }
}
