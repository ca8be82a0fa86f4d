package io.lightvibes.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code lightvibes serve} refuses to start on a policy file it cannot load, in one line naming it. */
class GuardStartupTest {

    @TempDir
    Path dir;

    @BeforeEach
    void keygen() {
        assertThat(CliRunner.run(Map.of(), dir.resolve(".env"), "", "keygen", "--out", dir.toString()).code()).isZero();
    }

    private CliRunner.Run serve(Map<String, String> settings) {
        var env = new java.util.HashMap<>(settings);
        env.put("LIGHTVIBES_STATE_DIR", dir.toString());
        env.put("LIGHTVIBES_LINK_ENABLED", "false");
        return CliRunner.run(env, dir.resolve(".env"), "", "serve", "--port", "0");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "syntax     | {\"policies\": [{\"id\": \"p\",]}                                                                  | :1:",
        "type error | {\"policies\": [{\"id\": \"ttl\", \"effect\": \"forbid\", \"actions\": [\"CreateSession\"], \"when\": \"context.ttl_s > 'long'\"}]} | policy 'ttl': when: 1:15: found no matching overload",
        "action     | {\"policies\": [{\"id\": \"p\", \"effect\": \"permit\", \"actions\": [\"Admin\"], \"when\": \"true\"}]}  | policy #1 'p': unknown action \"Admin\"",
    })
    void anInvalidPolicyStopsStartUpNamingTheFile(String kind, String text, String expected) throws IOException {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Path file = policies.resolve("custom.policy");
        Files.writeString(file, text);
        CliRunner.Run serve = serve(Map.of("LIGHTVIBES_POLICY_DIR", policies.toString()));
        assertThat(serve.code()).isEqualTo(2);
        assertThat(serve.err()).startsWith("lightvibes: " + file + ":").contains(expected);
        assertThat(serve.err().strip()).doesNotContain("\n");
        assertThat(serve.out()).doesNotContain("serving on");
    }

    @Test
    void anUnreachableRateLimitRedisStopsStartUpNamingTheSetting() {
        CliRunner.Run serve = serve(Map.of("LIGHTVIBES_RATE_LIMIT", "10/second",
                "LIGHTVIBES_REDIS_URL", "redis://127.0.0.1:1"));
        assertThat(serve.code()).isEqualTo(2);
        assertThat(serve.err()).startsWith("lightvibes: LIGHTVIBES_REDIS_URL: cannot reach Redis at 127.0.0.1:1");
        assertThat(serve.err().strip()).doesNotContain("\n");
    }
}
