package io.lightvibes.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.service.config.EnvExample;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command in-process: its outputs, files and exit codes. */
class CliTest {

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = LightvibesCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void configExamplePrintsEverySetting() {
        Run run = run("config", "example");
        assertThat(run.code()).isZero();
        assertThat(run.out()).isEqualTo(EnvExample.text()).contains("LIGHTVIBES_QBER_THRESHOLD=0.08");
    }

    @Test
    void openapiWritesTheContract() throws Exception {
        Path out = dir.resolve("openapi.yaml");
        Run run = run("openapi", "--out", out.toString());
        assertThat(run.code()).isZero();
        assertThat(Files.readString(out)).contains("/lightvibes/key/{key_ref}").startsWith("openapi: 3.1");
        assertThat(Files.readString(out)).isEqualTo(Files.readString(Path.of("../openapi.yaml")));
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("config", "nonsense").code()).isEqualTo(2);
        assertThat(run("no-such-command").code()).isEqualTo(2);
    }

    @Test
    void helpListsTheCommands() {
        Run run = run("--help");
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("config").contains("openapi");
    }
}
