package io.lightvibes.service.cli;

import io.lightvibes.nativebridge.check.CheckReport;
import io.lightvibes.nativebridge.check.DriverCheck;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lightvibes driver check --library PATH}: the qmk.h conformance suite against any library. */
@Command(name = "driver", mixinStandardHelpOptions = true, description = "Photonics driver tools.",
        subcommands = DriverCommand.Check.class)
final class DriverCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Loads the library, runs every ABI function against the Java reference, prints the report. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Run the qmk.h conformance suite against a driver library (.so): ABI version, every kernel "
                    + "bit for bit against the Java reference, the photonics driver's records.",
                "Exits 0 when every check passes, 1 otherwise."})
    static final class Check implements Callable<Integer> {

        @Option(names = "--library", required = true, description = "the library to check, e.g. ./libqmk.so")
        private Path library;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            CheckReport report = DriverCheck.run(library);
            spec.commandLine().getOut().print(report.render());
            spec.commandLine().getOut().flush();
            return report.passed() ? 0 : LightvibesCommand.EXIT_FAILED;
        }
    }
}
