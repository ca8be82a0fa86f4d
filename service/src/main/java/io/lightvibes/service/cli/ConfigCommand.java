package io.lightvibes.service.cli;

import io.lightvibes.service.config.EnvExample;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lightvibes config example}: every setting, its default and meaning, as {@code .env.example}. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print .env.example: every setting, default and meaning.")
final class ConfigCommand implements Callable<Integer> {

    @Parameters(paramLabel = "example", description = "what to print: example")
    private What what;

    @Spec
    private CommandSpec spec;

    enum What {
        example
    }

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(EnvExample.text());
        spec.commandLine().getOut().flush();
        return 0;
    }
}
