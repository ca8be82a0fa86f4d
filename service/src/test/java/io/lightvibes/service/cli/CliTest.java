package io.lightvibes.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.service.config.EnvExample;
import io.lightvibes.service.sealing.HpkeSealer;
import io.lightvibes.service.sealing.KeyFiles;
import io.lightvibes.service.sealing.RecipientPublicKey;
import io.lightvibes.service.secrets.SecretBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The command in-process: its outputs, files and exit codes. */
class CliTest {

    @TempDir
    Path dir;

    private CliRunner.Run run(Map<String, String> env, String stdin, String... args) {
        return CliRunner.run(env, dir.resolve(".env"), stdin, args);
    }

    private CliRunner.Run run(String... args) {
        return run(Map.of(), "", args);
    }

    @Test
    void configExamplePrintsEverySetting() {
        CliRunner.Run run = run("config", "example");
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo(EnvExample.text()).contains("LIGHTVIBES_QBER_THRESHOLD=0.08");
    }

    @Test
    void openapiWritesTheContract() throws Exception {
        Path out = dir.resolve("openapi.yaml");
        CliRunner.Run run = run("openapi", "--out", out.toString());
        assertThat(run.code()).isZero();
        assertThat(Files.readString(out)).contains("/lightvibes/key/{key_ref}").startsWith("openapi: 3.1");
        assertThat(Files.readString(out)).isEqualTo(Files.readString(Path.of("../openapi.yaml")));
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("config", "nonsense").code()).isEqualTo(2);
        assertThat(run("no-such-command").code()).isEqualTo(2);
        assertThat(run("keygen").code()).isEqualTo(2);
        assertThat(run("keygen", "--kem", "rsa", "--out", dir.toString()).code()).isEqualTo(2);
    }

    @Test
    void helpListsTheCommandsAndEachHasItsOwn() {
        CliRunner.Run run = run("--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("serve", "keygen", "unseal", "demo", "config", "openapi");
        for (String command : new String[] {"serve", "keygen", "unseal", "demo", "config", "openapi"}) {
            assertThat(run(command, "--help").code()).as(command).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x25519", "mlkem768-x25519"})
    void keygenThenUnsealRoundTrips(String kem) throws Exception {
        CliRunner.Run keygen = run("keygen", "--kem", kem, "--out", dir.toString());
        assertThat(keygen.code()).as(keygen.err()).isZero();
        Path privateKey = dir.resolve("recipient.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateKey))).isEqualTo("rw-------");
        RecipientPublicKey publicKey = KeyFiles.loadPublicKey(dir.resolve("recipient.pub"));
        assertThat(publicKey.suite().wireName()).isEqualTo(kem);
        assertThat(keygen.out()).contains(publicKey.keyId());

        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        String keyRef = "Q".repeat(32);
        byte[] sealed = new HpkeSealer(publicKey, new SecureRandom()).seal(SecretBytes.copyOf(key), keyRef);
        String delivery = "{\"key_ref\": \"" + keyRef + "\", \"key_sealed\": \""
                + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed) + "\"}";
        CliRunner.Run unseal = run(Map.of(), delivery, "unseal", "--key", privateKey.toString());
        assertThat(unseal.code()).as(unseal.err()).isZero();
        assertThat(unseal.out().strip()).isEqualTo(HexFormat.of().formatHex(key));
    }

    @Test
    void keygenRefusesToOverwriteUnlessForced() throws Exception {
        assertThat(run("keygen", "--out", dir.toString()).code()).isZero();
        byte[] before = Files.readAllBytes(dir.resolve("recipient.key"));
        CliRunner.Run again = run("keygen", "--out", dir.toString());
        assertThat(again.code()).isNotZero();
        assertThat(again.err()).contains("recipient.key");
        assertThat(Files.readAllBytes(dir.resolve("recipient.key"))).isEqualTo(before);
        assertThat(run("keygen", "--out", dir.toString(), "--force").code()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("recipient.key"))).isNotEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json | not JSON",
        "[1, 2] | JSON object",
        "{\"key_ref\": \"x\"} | key_sealed",
        "{\"key_ref\": \"QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\", \"key_sealed\": \"AAAA\"} | cannot be opened",
    })
    void unsealBadInputIsOneLine(String stdin, String message) {
        run("keygen", "--out", dir.toString());
        CliRunner.Run unseal = run(Map.of(), stdin, "unseal", "--key", dir.resolve("recipient.key").toString());
        assertThat(unseal.code()).isEqualTo(1);
        assertThat(unseal.err()).contains(message).startsWith("lightvibes: ");
        assertThat(unseal.err().strip()).doesNotContain("\n");
    }

    @Test
    void unsealWithAMissingKeyFileNamesIt() {
        CliRunner.Run unseal = run(Map.of(), "{}", "unseal", "--key", dir.resolve("nope.key").toString());
        assertThat(unseal.code()).isEqualTo(2);
        assertThat(unseal.err()).contains("nope.key");
    }

    @Test
    void serveWithABadSettingFailsInOneLineNamingIt() {
        CliRunner.Run serve = run(Map.of("LIGHTVIBES_DEFAULT_TTL_S", "forever"), "", "serve");
        assertThat(serve.code()).isEqualTo(2);
        assertThat(serve.err()).startsWith("lightvibes: LIGHTVIBES_DEFAULT_TTL_S: ");
        assertThat(serve.err().strip()).doesNotContain("\n");
    }

    @Test
    void serveWithoutARecipientKeySaysHowToMakeOne() {
        CliRunner.Run serve = run(Map.of("LIGHTVIBES_STATE_DIR", dir.resolve("state").toString()), "", "serve");
        assertThat(serve.code()).isEqualTo(2);
        assertThat(serve.err()).contains("recipient.pub").contains("lightvibes keygen");
        assertThat(serve.err().strip()).doesNotContain("\n");
    }

    @Test
    void aSharedLinkOnSqliteIsRefusedInOneLine() {
        assertThat(run("keygen", "--out", dir.resolve("state").toString()).code()).isZero();
        Map<String, String> env = Map.of("LIGHTVIBES_STATE_DIR", dir.resolve("state").toString(),
                "LIGHTVIBES_REPLICA_MODE", "elect");
        CliRunner.Run serve = run(env, "", "serve", "--port", "0");
        assertThat(serve.code()).isEqualTo(2);
        assertThat(serve.err()).contains("LIGHTVIBES_REPLICA_MODE: elect").contains("use local");
        assertThat(serve.err().strip()).doesNotContain("\n");

        CliRunner.Run link = run(Map.of("LIGHTVIBES_STATE_DIR", dir.resolve("state").toString()), "", "link", "run");
        assertThat(link.code()).isEqualTo(2);
        assertThat(link.err()).contains("PostgreSQL").contains("SQLite");
        assertThat(run(Map.of("LIGHTVIBES_REPLICA_MODE", "sideways"), "", "serve").err())
                .contains("LIGHTVIBES_REPLICA_MODE").contains("auto, local, elect, follow");
    }
}
