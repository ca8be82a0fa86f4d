package io.lightvibes.service.cli;

import io.lightvibes.service.evidence.AuditReport;
import io.lightvibes.service.evidence.EvidenceSource;
import io.lightvibes.service.evidence.EvidenceVerifier;
import io.lightvibes.service.evidence.HttpEvidenceSource;
import io.lightvibes.service.evidence.JdbcEvidenceSource;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lightvibes evidence verify}: the offline audit of a whole evidence log. */
@Command(name = "evidence", mixinStandardHelpOptions = true, description = "Audit the evidence log.",
        subcommands = EvidenceCommand.Verify.class)
final class EvidenceCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Fetches every entry and checkpoint, recomputes the tree, checks every signature and root. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Fetch every entry and checkpoint, recompute the RFC 9162 tree, check each checkpoint's "
                    + "signature and root and the consistency between successive checkpoints.",
                "Prints one verdict line; exits 0 when the log is sound, 1 naming the first bad entry or checkpoint."})
    static final class Verify implements Callable<Integer> {

        @ArgGroup(exclusive = true, multiplicity = "1")
        private Source source;

        static final class Source {
            @Option(names = "--url", description = "a running LIGHTVIBES, e.g. http://127.0.0.1:8000")
            private URI url;

            @Option(names = "--database-url", description = "read the store directly (jdbc:sqlite:PATH, jdbc:postgresql://...)")
            private String databaseUrl;
        }

        @Option(names = "--trusted-key", paramLabel = "KEY",
                description = "a verifier key you trust (name+keyid+base64); repeatable")
        private List<String> trustedKeys = List.of();

        @Option(names = "--since", paramLabel = "CHECKPOINT_FILE", description = "a checkpoint you saved earlier")
        private Path since;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Optional<String> saved = Optional.empty();
            if (since != null) {
                try {
                    saved = Optional.of(Files.readString(since, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read --since " + since + ": " + e.getMessage());
                }
            }
            AuditReport report;
            try (EvidenceSource log = source.url != null ? HttpEvidenceSource.of(source.url)
                    : JdbcEvidenceSource.open(source.databaseUrl)) {
                report = EvidenceVerifier.verify(log, trustedKeys, saved);
            }
            spec.commandLine().getOut().println(report.verdict());
            spec.commandLine().getOut().flush();
            return report.ok() ? 0 : LightvibesCommand.EXIT_FAILED;
        }
    }
}
