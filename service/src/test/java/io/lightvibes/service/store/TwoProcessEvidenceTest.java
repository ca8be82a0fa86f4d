package io.lightvibes.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.service.evidence.Entries;
import io.lightvibes.service.evidence.EvidenceAppends;
import io.lightvibes.service.evidence.EvidenceAppends.NodeId;
import io.lightvibes.service.evidence.EvidenceEntry;
import io.lightvibes.service.evidence.Merkle;
import io.lightvibes.service.store.TestDatabases.Database;
import io.lightvibes.service.store.TestDatabases.Engine;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two JVMs ({@link EvidenceWorkerMain}) migrate and then write one database at once, on one
 * PostgreSQL schema and on one SQLite file; the log they leave checks out: sequence numbers
 * continuous, times never going back, every stored node equal to the hash recomputed from the
 * entries (and none missing), checkpoints in size order signing the true roots, every key delivered.
 */
class TwoProcessEvidenceTest {

    private static final int ROUNDS = 40;
    /** Per round: session.created, key.issued, key.delivered, link.healthy. */
    private static final int ENTRIES_PER_ROUND = 4;

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    private Process worker(Database database, String name) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), EvidenceWorkerMain.class.getName(),
                database.url(), name, Integer.toString(ROUNDS));
        builder.redirectError(databases.directory().resolve(name + ".err").toFile());
        return builder.start();
    }


    @ParameterizedTest
    @EnumSource(Engine.class)
    void twoProcessesWritingOneLogLeaveALogThatChecksOut(Engine engine) throws Exception {
        Database database = databases.create(engine);
        List<Process> workers = List.of(worker(database, "a"), worker(database, "b"));
        try {
            List<BufferedReader> outputs = new ArrayList<>();
            List<Writer> inputs = new ArrayList<>();
            for (Process process : workers) {
                outputs.add(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
                inputs.add(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            }
            // Both processes start each stage together (the first after both migrated), so their
            // writes overlap in every stage; the log must interleave them at least once per stage.
            for (int stage = 0; stage < ROUNDS / EvidenceWorkerMain.STAGE; stage++) {
                for (BufferedReader output : outputs) {
                    assertThat(output.readLine()).as(errors()).isEqualTo("ready");
                }
                for (Writer input : inputs) {
                    input.write("go\n");
                    input.flush();
                }
            }
            for (int i = 0; i < workers.size(); i++) {
                assertThat(workers.get(i).waitFor(180, TimeUnit.SECONDS)).as("worker finished").isTrue();
                assertThat(workers.get(i).exitValue()).as(errors()).isZero();
                assertThat(outputs.get(i).readLine()).isEqualTo("done");
            }
        } finally {
            workers.forEach(Process::destroyForcibly);
        }

        JdbcKeyStore auditor = databases.newStore(database);
        auditor.open();
        long size = auditor.evidenceSize();
        assertThat(size).isEqualTo(2L * ROUNDS * ENTRIES_PER_ROUND);
        List<byte[]> leaves = auditor.evidenceEntries(0, size);
        assertLogChecksOut(leaves);
        assertThat(writerSwitches(leaves)).as("the two processes' entries interleave")
                .isGreaterThanOrEqualTo(ROUNDS / EvidenceWorkerMain.STAGE);
        assertStoredNodesAreTheTree(database, leaves);
        List<StoredCheckpoint> checkpoints = auditor.checkpoints(0, 1000);
        assertThat(checkpoints).hasSize(2 * ROUNDS / 5);
        assertThat(checkpoints).extracting(StoredCheckpoint::treeSize).isSorted();
        for (StoredCheckpoint checkpoint : checkpoints) {
            assertThat(checkpoint.note()).isEqualTo(EvidenceStoreContractTest.note(checkpoint.treeSize(),
                    Merkle.rootHash(leaves.subList(0, (int) checkpoint.treeSize()))));
        }
        for (String worker : List.of("a", "b")) {
            for (int round = 0; round < ROUNDS; round++) {
                assertThat(auditor.getSession(worker + "-" + round).orElseThrow().state())
                        .isEqualTo(SessionState.DELIVERED);
            }
        }
    }

    /** How often the log passes from one worker's entries to the other's. */
    private static int writerSwitches(List<byte[]> leaves) {
        int switches = 0;
        Object last = null;
        for (byte[] leaf : leaves) {
            Object worker = Entries.decode(leaf).fields().get("worker");
            if (worker != null) {
                switches += last != null && !last.equals(worker) ? 1 : 0;
                last = worker;
            }
        }
        return switches;
    }

    private String errors() {
        StringBuilder text = new StringBuilder("worker stderr:");
        for (String name : List.of("a", "b")) {
            try {
                text.append("\n[").append(name).append("] ")
                        .append(Files.readString(databases.directory().resolve(name + ".err")).lines()
                                .filter(line -> !line.startsWith("INFO") && !line.contains("org.flywaydb"))
                                .reduce("", (all, line) -> all + "\n" + line));
            } catch (IOException e) {
                text.append("\n[").append(name).append("] (none)");
            }
        }
        return text.toString();
    }

    private static void assertLogChecksOut(List<byte[]> leaves) {
        Instant previous = Instant.EPOCH;
        for (int seq = 0; seq < leaves.size(); seq++) {
            EvidenceEntry entry = Entries.decode(leaves.get(seq));
            assertThat(entry.seq()).isEqualTo(seq);
            assertThat(entry.time()).isAfterOrEqualTo(previous);
            previous = entry.time();
        }
    }

    /** Every stored node is the RFC 9162 hash of the leaves it covers, and every complete subtree is stored. */
    private static void assertStoredNodesAreTheTree(Database database, List<byte[]> leaves) throws SQLException {
        long size = leaves.size();
        long expected = 0;
        for (int level = 0; 1L << level <= size; level++) {
            expected += size >> level;
        }
        long stored = 0;
        try (Connection connection = TestDatabases.connect(database); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT node, hash FROM evidence_nodes")) {
            while (rows.next()) {
                NodeId id = EvidenceAppends.nodeId(rows.getLong(1));
                long first = id.index() << id.level();
                long end = (id.index() + 1) << id.level();
                assertThat(end).as("node %s within the tree", id).isLessThanOrEqualTo(size);
                assertThat(rows.getBytes(2)).as("node %s", id)
                        .isEqualTo(Merkle.rootHash(leaves.subList((int) first, (int) end)));
                stored++;
            }
        }
        assertThat(stored).isEqualTo(expected);
    }
}
