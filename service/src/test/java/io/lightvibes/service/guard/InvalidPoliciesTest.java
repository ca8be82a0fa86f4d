package io.lightvibes.service.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A policy file that does not parse or validate is refused in one line naming the file and the policy. */
class InvalidPoliciesTest {

    @TempDir
    Path dir;

    private static String policy(String members) {
        return "{\"policies\": [{\"id\": \"ok\", \"effect\": \"permit\", \"actions\": [\"ReadEvidence\"], \"when\": \"true\"},"
                + " {" + members + "}]}";
    }

    private static String rule(String when) {
        return policy("\"id\": \"rule-2\", \"effect\": \"forbid\", \"actions\": [\"CreateSession\"], \"when\": \"" + when
                + "\"");
    }

    private String refusal(String text) throws IOException {
        Files.writeString(dir.resolve("10-custom.policy"), text);
        try {
            Policies.fromDirectory(dir);
        } catch (ConfigException e) {
            assertThat(e.getMessage()).doesNotContain("\n").startsWith(dir.resolve("10-custom.policy").toString() + ":");
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + text);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // the CEL condition: syntax, undeclared names, unknown fields, type errors, not a bool
        "context.ttl_s >                         | policy 'rule-2': when: 1:",
        "contxt.ttl_s > 10                       | policy 'rule-2': when: 1:1: undeclared reference to 'contxt'",
        "context.ttl > 10                        | policy 'rule-2': when: 1:8: undefined field 'ttl'",
        "context.ttl_s > 'ten'                   | policy 'rule-2': when: 1:15: found no matching overload for '_>_'",
        "principal.roles == 'admin'              | policy 'rule-2': when: 1:17: found no matching overload for '_==_'",
        "context.time > 3                        | policy 'rule-2': when: 1:14: found no matching overload for '_>_'",
    })
    void aConditionThatDoesNotTypeCheckIsRefused(String when, String expected) throws IOException {
        assertThat(refusal(rule(when))).contains(expected);
    }

    @Test
    void aConditionThatIsNotABoolSaysSo() throws IOException {
        assertThat(refusal(rule("context.ttl_s"))).contains("bool");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"policies\": [}                         | :1:15: not JSON",
        "{\"policies\": []}                        | \"policies\" must be a non-empty array",
        "[]                                        | must be a JSON object {\"policies\": [...]}",
        "{\"policies\": [{}], \"policies\": [{}]}  | not JSON: Duplicate field 'policies'",
        "{\"policies\": [{\"id\": \"a\"}], \"x\": 1} | unknown member \"x\"",
    })
    void aFileThatIsNotAPolicyDocumentIsRefused(String text, String expected) throws IOException {
        assertThat(refusal(text)).contains(expected);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"id\": \"Bad Id\", \"effect\": \"permit\", \"actions\": [\"FetchKey\"], \"when\": \"true\"          | policy #2: \"id\" must be a string matching",
        "\"effect\": \"permit\", \"actions\": [\"FetchKey\"], \"when\": \"true\"                              | policy #2: \"id\" must be",
        "\"id\": \"p\", \"effect\": \"allow\", \"actions\": [\"FetchKey\"], \"when\": \"true\"                | policy #2 'p': \"effect\" must be \"permit\" or \"forbid\"",
        "\"id\": \"p\", \"effect\": \"permit\", \"actions\": [\"FetchKeys\"], \"when\": \"true\"              | policy #2 'p': unknown action \"FetchKeys\" (known: CreateSession, FetchKey",
        "\"id\": \"p\", \"effect\": \"permit\", \"actions\": [], \"when\": \"true\"                           | policy #2 'p': \"actions\" must be a non-empty array",
        "\"id\": \"p\", \"effect\": \"permit\", \"actions\": [\"FetchKey\", \"FetchKey\"], \"when\": \"true\"  | policy #2 'p': action FetchKey is listed twice",
        "\"id\": \"p\", \"effect\": \"permit\", \"actions\": [\"*\", \"FetchKey\"], \"when\": \"true\"         | policy #2 'p': \"*\" in \"actions\" stands alone",
        "\"id\": \"p\", \"effect\": \"permit\", \"actions\": [\"FetchKey\"]                                   | policy #2 'p': \"when\" is required",
        "\"id\": \"p\", \"effect\": \"permit\", \"actions\": [\"FetchKey\"], \"when\": true                   | policy #2 'p': \"when\" must be a non-empty string",
        "\"id\": \"p\", \"effect\": \"permit\", \"actions\": [\"FetchKey\"], \"when\": \"true\", \"unless\": \"x\" | policy #2 'p': unknown member \"unless\"",
        "\"id\": \"p\", \"effect\": \"permit\", \"actions\": [\"FetchKey\"], \"when\": \"true\", \"reason\": 3 | policy #2 'p': \"reason\" must be a non-empty string",
    })
    void aPolicyThatDoesNotValidateIsRefusedNamingItsPosition(String members, String expected) throws IOException {
        assertThat(refusal(policy(members))).contains(expected);
    }

    @Test
    void anIdDeclaredInTwoFilesIsRefusedNamingBoth() throws IOException {
        Files.writeString(dir.resolve("00-first.policy"),
                "{\"policies\": [{\"id\": \"ok\", \"effect\": \"permit\", \"actions\": [\"*\"], \"when\": \"true\"}]}");
        String message = refusal(policy(
                "\"id\": \"other\", \"effect\": \"permit\", \"actions\": [\"FetchKey\"], \"when\": \"true\""));
        assertThat(message).contains("policy 'ok' is also declared in " + dir.resolve("00-first.policy"));
    }

    @Test
    void aDirectoryWithoutPolicyFilesOrNoDirectoryIsRefused() throws IOException {
        Files.writeString(dir.resolve("README.txt"), "not a policy");
        assertThatThrownBy(() -> Policies.fromDirectory(dir)).isInstanceOf(ConfigException.class)
                .hasMessage("LIGHTVIBES_POLICY_DIR=" + dir + ": holds no *.policy files (copy guard/default.policy "
                        + "there to start from the default set)");
        assertThatThrownBy(() -> Policies.load(Optional.of(dir.resolve("missing")))).isInstanceOf(ConfigException.class)
                .hasMessage("LIGHTVIBES_POLICY_DIR=" + dir.resolve("missing") + ": not a directory");
    }

    @Test
    void filesLoadInNameOrderAndOtherFilesAreIgnored() throws IOException {
        Files.writeString(dir.resolve("20-b.policy"),
                "{\"policies\": [{\"id\": \"b\", \"effect\": \"permit\", \"actions\": [\"*\"], \"when\": \"true\"}]}");
        Files.writeString(dir.resolve("10-a.policy"),
                "{\"policies\": [{\"id\": \"a\", \"effect\": \"forbid\", \"actions\": [\"FetchKey\", \"AdminLink\"],"
                        + " \"when\": \"context.source_loopback\", \"reason\": \"Not from here.\","
                        + " \"description\": \"for reviewers\"}]}");
        Files.writeString(dir.resolve("notes.md"), "{");
        PolicySet set = Policies.fromDirectory(dir);
        assertThat(set.policies()).extracting(Policy::id).containsExactly("a", "b");
        assertThat(set.policies().get(0).actions()).containsExactlyInAnyOrder(Action.FETCH_KEY, Action.ADMIN_LINK);
        assertThat(set.policies().get(0).reason()).contains("Not from here.");
        assertThat(set.policies().get(1).actions()).containsExactlyInAnyOrder(Action.values());
    }
}
