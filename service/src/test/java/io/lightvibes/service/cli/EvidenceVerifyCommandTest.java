package io.lightvibes.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.evidence.NoteSigner;
import io.lightvibes.service.evidence.NoteSigningKey;
import io.lightvibes.service.keys.EvidenceLog;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.StoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lightvibes evidence verify --database-url}: a clean log passes, a tampered one names its first bad entry. */
class EvidenceVerifyCommandTest {

    @TempDir
    Path dir;

    private String url;
    private String verifierKey;
    private String savedCheckpoint;

    @BeforeEach
    void writeALog() {
        url = "jdbc:sqlite:" + dir.resolve("lightvibes.db");
        try (var store = JdbcKeyStore.create(url, StoreOptions.DEFAULTS)) {
            store.open();
            var signer = new NoteSigner("cli.test/evidence", NoteSigningKey.generate(new SecureRandom()));
            var log = new EvidenceLog(store, Clock.systemUTC(), "cli.test/evidence", signer, 256,
                    Duration.ofSeconds(10));
            log.start();
            savedCheckpoint = log.latestCheckpoint().note();
            for (int i = 0; i < 5; i++) {
                log.append(List.of(new EvidenceEvent("mode.changed", "link-monitor", Clock.systemUTC().instant(),
                        Map.of("from", "QMK", "to", "PQC", "cause", "drill " + i))));
            }
            log.close();
            verifierKey = log.verifierKey();
        }
    }

    private CliRunner.Run run(String... args) {
        return CliRunner.run(Map.of(), dir.resolve(".env"), "", args);
    }

    @Test
    void aCleanLogPassesPinnedAndSince() throws Exception {
        Path since = dir.resolve("saved.checkpoint");
        Files.writeString(since, savedCheckpoint);
        var run = run("evidence", "verify", "--database-url", url, "--trusted-key", verifierKey, "--since",
                since.toString());
        assertThat(run.code()).as(run.out() + run.err()).isZero();
        assertThat(run.out().strip()).doesNotContain("\n").isNotEmpty();
    }

    @Test
    void aRewrittenEntryFailsNamingTheCheckpointThatCatchesIt() throws Exception {
        try (var connection = DriverManager.getConnection(url); var statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE evidence_entries SET data = replace(data, 'drill 3', 'drill 9') WHERE seq = 4");
        }
        var run = run("evidence", "verify", "--database-url", url);
        assertThat(run.code()).isEqualTo(1);
        // A rewrite that still decodes is caught by the first checkpoint whose root covers it.
        assertThat(run.out()).startsWith("FAIL").contains("checkpoint").contains("size 6");
    }

    @Test
    void aDroppedEntryFailsNamingWhereTheSequenceBreaks() throws Exception {
        try (var connection = DriverManager.getConnection(url); var statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM evidence_entries WHERE seq = 2");
        }
        var run = run("evidence", "verify", "--database-url", url);
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAIL").contains("entry 2");
    }

    @Test
    void aForeignPinnedKeyFails() {
        var other = new NoteSigner("cli.test/evidence", NoteSigningKey.generate(new SecureRandom()));
        var run = run("evidence", "verify", "--database-url", url, "--trusted-key", other.verifierKey());
        assertThat(run.code()).isEqualTo(1);
    }

    @Test
    void sourcesAreExclusiveAndRequired() {
        assertThat(run("evidence", "verify").code()).isEqualTo(2);
        assertThat(run("evidence", "verify", "--url", "http://127.0.0.1:1", "--database-url", url).code()).isEqualTo(2);
    }

    @Test
    void anUnreachableServerIsAFailureNotAPass() {
        var run = run("evidence", "verify", "--url", "http://127.0.0.1:9");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).startsWith("lightvibes: ");
    }
}
