package io.lightvibes.service.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs the command in-process with given surroundings and captures what it printed. */
final class CliRunner {

    private CliRunner() {
    }

    /** What a run gave: its exit code and its two outputs. */
    record Run(int code, String out, String err) {
    }

    static Run run(Map<String, String> env, Path dotEnv, String stdin, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var context = new LightvibesCommand.Context(env, dotEnv,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        int code = LightvibesCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true), context);
        return new Run(code, out.toString(), err.toString());
    }

    /** A run with no environment, no {@code .env} and empty standard input. */
    static Run run(String... args) {
        return run(Map.of(), Path.of("no-such-dir", ".env"), "", args);
    }
}
