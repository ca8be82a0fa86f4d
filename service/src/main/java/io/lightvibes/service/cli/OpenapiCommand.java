package io.lightvibes.service.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code lightvibes openapi [--out FILE]}: the OpenAPI 3.1 document the server serves at /openapi. */
@Command(name = "openapi", mixinStandardHelpOptions = true, description = "Write the OpenAPI 3.1 document (YAML).")
final class OpenapiCommand implements Callable<Integer> {

    static final String RESOURCE = "/META-INF/openapi.yaml";

    @Option(names = "--out", defaultValue = "-", description = "file to write (default: standard output)")
    private String out;

    @Spec
    private CommandSpec spec;

    /** The document bundled in the jar. */
    static String document() {
        try (InputStream in = OpenapiCommand.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("this build has no " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled OpenAPI document", e);
        }
    }

    @Override
    public Integer call() throws IOException {
        String text = document();
        if (out.equals("-")) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            Files.writeString(Path.of(out), text, StandardCharsets.UTF_8);
            spec.commandLine().getOut().println("wrote " + out);
        }
        return 0;
    }
}
