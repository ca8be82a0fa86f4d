package io.lightvibes.service.cli;

import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.sealing.RecipientKeyException;
import io.lightvibes.service.config.Settings;
import io.lightvibes.service.config.SettingsLoader;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lightvibes} command: the jar's entry point. */
@Command(name = "lightvibes", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Quantum-safe key delivery: QKD keys when the link is healthy, ML-KEM-768 when it is not, "
                + "every operation in a verifiable log.",
        subcommands = {ServeCommand.class, KeygenCommand.class, UnsealCommand.class, DemoCommand.class,
                SimulateCommand.class, EvidenceCommand.class, DriverCommand.class, ConfigCommand.class,
                OpenapiCommand.class, PeersCommand.class, LinkCommand.class})
public final class LightvibesCommand implements Runnable {

    /** The operation failed. */
    static final int EXIT_FAILED = 1;
    /** Bad usage: a flag, a setting or a key file that cannot be used. */
    static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final Context context;

    /**
     * What a run reads from its surroundings, so tests can give their own.
     *
     * @param environment the variables ({@code LIGHTVIBES_*} are read)
     * @param dotEnv the {@code .env} file to read settings from, if it exists
     * @param stdin standard input
     */
    public record Context(Map<String, String> environment, Path dotEnv, InputStream stdin) {

        /** This process's environment, {@code ./.env} and {@code System.in}. */
        public static Context ofProcess() {
            return new Context(System.getenv(), Path.of(".env"), System.in);
        }

        /** The settings these surroundings give. */
        public Settings settings() {
            return SettingsLoader.load(environment, dotEnv);
        }
    }

    private LightvibesCommand(Context context) {
        this.context = context;
    }

    Context context() {
        return context;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                Context.ofProcess()));
    }

    /** Runs the command line and returns the exit code; output goes to {@code out} and {@code err}. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Context context) {
        var line = new CommandLine(new LightvibesCommand(context));
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("lightvibes: " + oneLine(e));
            commandLine.getErr().flush();
            // A setting or a key file the operator must fix is a usage error, like a bad flag.
            return e instanceof RecipientKeyException || e instanceof ConfigException ? EXIT_USAGE : EXIT_FAILED;
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
