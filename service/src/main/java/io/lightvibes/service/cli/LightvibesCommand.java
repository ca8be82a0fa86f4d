package io.lightvibes.service.cli;

import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.sealing.RecipientKeyException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lightvibes} command: the jar's entry point. */
@Command(name = "lightvibes", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Quantum-safe key delivery: QKD keys when the link is healthy, ML-KEM-768 when it is not, "
                + "every operation in a verifiable log.",
        subcommands = {ConfigCommand.class, OpenapiCommand.class})
public final class LightvibesCommand implements Runnable {

    /** The operation failed. */
    static final int EXIT_FAILED = 1;
    /** Bad usage, or a key file that cannot be used. */
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code; output goes to {@code out} and {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        var line = new CommandLine(new LightvibesCommand());
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("lightvibes: " + oneLine(e));
            commandLine.getErr().flush();
            return e instanceof RecipientKeyException ? EXIT_USAGE : EXIT_FAILED;
        });
        return line.execute(args);
    }

    private static String oneLine(Exception e) {
        String message = e instanceof UncheckedIOException io && io.getCause() != null
                ? io.getMessage() + ": " + io.getCause().getMessage()
                : e.getMessage();
        if (message == null || message.isBlank()) {
            message = e instanceof ConfigException ? "invalid configuration" : e.getClass().getSimpleName();
        }
        return message.replace('\n', ' ').replace('\r', ' ');
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
