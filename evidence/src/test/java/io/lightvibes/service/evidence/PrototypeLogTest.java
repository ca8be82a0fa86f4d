package io.lightvibes.service.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Cross-implementation: a log the Python prototype wrote ({@code vectors/checkpoint/prototype_log.json},
 * made by the generator at commit 68413e8, {@code make_prototype_log.py}, kept in history) is what this library writes for the same events,
 * byte for byte (entries, roots, Ed25519 checkpoint signatures), and audits clean here as it did there.
 */
class PrototypeLogTest {

    static final JsonNode LOG = Vectors.load("checkpoint/prototype_log.json");

    static List<byte[]> entries() {
        List<byte[]> entries = new ArrayList<>();
        LOG.get("events").forEach(event -> entries.add(Base64.getDecoder().decode(event.get("data").asText())));
        return entries;
    }

    static List<String> checkpoints() {
        List<String> notes = new ArrayList<>();
        LOG.get("checkpoints").forEach(note -> notes.add(note.asText()));
        return notes;
    }

    @Test
    void sameEventsGiveTheSameEntryBytes() {
        for (JsonNode event : LOG.get("events")) {
            // The fields as JSON values: integers stay integers, 1.5e-07 stays a double.
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) StrictJson.parse(event.get("fields").toString());
            byte[] data = Entries.encode(event.get("seq").asLong(), Instant.parse(event.get("time").asText()),
                    event.get("type").asText(), event.get("actor").asText(), fields);
            assertThat(new String(data, java.nio.charset.StandardCharsets.UTF_8))
                    .as("entry %s", event.get("seq"))
                    .isEqualTo(new String(Base64.getDecoder().decode(event.get("data").asText()), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(Entries.decode(data).encode()).isEqualTo(data);
        }
    }

    @Test
    void sameKeysSignTheSameCheckpointsOverTheSameRoots() {
        Map<Integer, NoteSigner> signers = Map.of(
                0, new NoteSigner(LOG.get("origin").asText(), NoteSigningKey.ed25519(seed("0"))),
                9, new NoteSigner(LOG.get("origin").asText(), NoteSigningKey.ed25519(seed("9"))));
        assertThat(List.of(signers.get(0).verifierKey(), signers.get(9).verifierKey()))
                .isEqualTo(List.of(LOG.get("verifier_keys").get(0).asText(), LOG.get("verifier_keys").get(1).asText()));
        MerkleLog log = new MerkleLog();
        entries().forEach(log::append);
        assertThat(log.root()).isEqualTo(Base64.getDecoder().decode(LOG.get("root").asText()));
        for (String note : checkpoints()) {
            Checkpoint checkpoint = Checkpoint.parse(SignedNotes.split(note).text());
            assertThat(checkpoint.rootHash()).isEqualTo(log.root(checkpoint.treeSize()));
            NoteSigner signer = checkpoint.treeSize() > 9 ? signers.get(9) : signers.get(0);
            assertThat(signer.sign(checkpoint)).isEqualTo(note);
        }
    }

    @Test
    void prototypeLogAuditsCleanHereAsThere() {
        String first = LOG.get("verifier_keys").get(0).asText();
        AuditReport report = EvidenceAudit.audit(entries().iterator(), checkpoints(), List.of(first), Optional.empty());
        assertThat(report.ok()).as(report.verdict()).isTrue();
        assertThat(report.verdict()).isEqualTo(LOG.get("prototype_verdict").asText());
    }

    private static byte[] seed(String at) {
        return HexFormat.of().parseHex(LOG.get("signer_seeds").get(at).asText());
    }
}
