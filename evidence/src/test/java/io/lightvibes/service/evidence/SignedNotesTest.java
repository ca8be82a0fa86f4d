package io.lightvibes.service.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lightvibes.service.evidence.SignedNotes.OpenedNote;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * C2SP signed notes and tlog checkpoints against the Go reference and real Go sumdb heads: Go's
 * key pair and signature byte for byte (Ed25519 is deterministic), its malformed notes refused,
 * real sum.golang.org tree heads verified; then our checkpoints, strict parsing and the note
 * rules (unknown keys ignored, a bad known signature refuses the note, one known signature needed).
 */
class SignedNotesTest {

    static final JsonNode VECTORS = Vectors.load("checkpoint/signed_notes.json");
    static final JsonNode GO = VECTORS.get("go_note_test");
    static final JsonNode SUMDB = VECTORS.get("sum_golang_org");
    static final JsonNode SPEC = VECTORS.get("spec_examples");
    static final String ORIGIN = "lightvibes.test/evidence";

    /** The Go test's signer, rebuilt from its PRIVATE+KEY text (the seed after the type byte). */
    static NoteSigner goSigner() {
        String[] parts = GO.get("signer_key").asText().split("\\+", 5);
        byte[] raw = Base64.getDecoder().decode(parts[4]);
        assertThat(raw).hasSize(33);
        assertThat(raw[0]).isEqualTo((byte) 1);
        NoteSigner signer = new NoteSigner(parts[2], NoteSigningKey.ed25519(Arrays.copyOfRange(raw, 1, 33)));
        assertThat(HexFormat.of().toHexDigits(signer.keyId())).isEqualTo(parts[3]);
        return signer;
    }

    static NoteSigner signerFor(int seed, String name) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) seed);
        return new NoteSigner(name, NoteSigningKey.ed25519(bytes));
    }

    static NoteSigner signerFor(int seed) {
        return signerFor(seed, ORIGIN);
    }

    static String go(String field) {
        return GO.get(field).asText();
    }

    @Test
    void goKeyPairAndSignatureAreReproducedByteForByte() {
        NoteSigner signer = goSigner();
        assertThat(signer.name()).isEqualTo(go("name"));
        assertThat(signer.verifierKey()).isEqualTo(go("verifier_key"));
        assertThat(signer.sign(go("text"))).isEqualTo(go("signed_note"));
        NoteVerifier verifier = NoteVerifier.parse(go("verifier_key"));
        assertThat(verifier).isEqualTo(signer.verifier());
        assertThat(HexFormat.of().toHexDigits(verifier.keyId())).isEqualTo(go("key_id"));
        assertThat(verifier.keyId()).isEqualTo(NoteVerifier.keyId(go("name"), verifier.publicKey()));
        assertThat(verifier.verifierKey()).isEqualTo(go("verifier_key"));
    }

    @Test
    void goNoteOpensWithItsKeyOnly() {
        NoteVerifier peter = NoteVerifier.parse(go("verifier_key"));
        NoteVerifier enoch = NoteVerifier.parse(go("other_verifier_key"));
        String note = go("signed_note");
        String text = go("text");
        assertThat(SignedNotes.open(note, List.of(peter))).isEqualTo(new OpenedNote(text, List.of("PeterNeumann")));
        assertThat(SignedNotes.open(note.getBytes(StandardCharsets.UTF_8), List.of(peter)))
                .isEqualTo(new OpenedNote(text, List.of("PeterNeumann")));
        String both = note + go("other_signature_line");
        assertThat(SignedNotes.open(both, List.of(peter)).signers()).containsExactly("PeterNeumann"); // Enoch unknown
        assertThat(SignedNotes.open(both, List.of(peter, enoch)).signers()).containsExactly("PeterNeumann", "EnochRoot");
        assertThat(SignedNotes.open(both, List.of(enoch)).signers()).containsExactly("EnochRoot");
        assertThatThrownBy(() -> SignedNotes.open(both, List.of()))
                .isInstanceOf(NoteVerificationException.class).hasMessageContaining("no signature from a known key")
                .hasMessageContaining("EnochRoot+af0cfe78, PeterNeumann+c74f20a3");
        assertThatThrownBy(() -> SignedNotes.open(note, List.of(enoch))).hasMessageContaining("no signature from a known key");
        assertThatThrownBy(() -> SignedNotes.open(note.replace("cryptography", "cryptographY"), List.of(peter)))
                .isInstanceOf(NoteVerificationException.class).hasMessage("Invalid signature for key PeterNeumann+c74f20a3.");
    }

    @Test
    void goMalformedNotesAreRefused() {
        String text = go("text");
        String note = go("signed_note");
        String signature = note.substring(text.length() + 1);
        String[] pieces = signature.split(" ");
        List<String> bad = List.of(
                text,
                text + "\n",
                text + "\n" + signature.substring(0, signature.length() - 1),
                "\u0001" + text + "\n" + signature,
                "\u007f\u0001" + text + "\n" + signature,
                text + "\n" + "\u2014 Bad Name " + pieces[pieces.length - 1],
                text + "\n" + signature + "Unexpected line.\n",
                text + "\n" + signature.replace("\u2014", "-"),
                text + "\n" + signature.replace("x08go", "x08g"), // not canonical base64
                text + "\n" + "\u2014 PeterNeumann AAAA\n", // a key ID with no signature
                text + "\n" + signature.repeat(SignedNotes.MAX_NOTE_SIGNATURES + 1));
        NoteVerifier peter = NoteVerifier.parse(go("verifier_key"));
        for (String message : bad) {
            assertThatThrownBy(() -> SignedNotes.open(message, List.of(peter)))
                    .as(message).isInstanceOf(MalformedEvidenceException.class).hasMessageStartingWith("Malformed signed note");
        }
        byte[] invalid = ("\u0000" + note).getBytes(StandardCharsets.UTF_8);
        invalid[0] = (byte) 0xff;
        assertThatThrownBy(() -> SignedNotes.open(invalid, List.of(peter))).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> SignedNotes.open("\ud800" + note, List.of(peter))).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> SignedNotes.open("a".repeat(70_000) + "\n\n" + signature, List.of(peter)))
                .hasMessageContaining("64 KiB");
        assertThatThrownBy(() -> SignedNotes.open((String) null, List.of(peter))).hasMessageContaining("not text");
    }

    @Test
    void repeatedSignaturesCountOnceAndEqualKeysAreNotAmbiguous() {
        NoteVerifier peter = NoteVerifier.parse(go("verifier_key"));
        String signature = go("signed_note").substring(go("text").length() + 1);
        String twice = go("text") + "\n" + signature + signature;
        assertThat(SignedNotes.open(twice, List.of(peter, peter)).signers()).containsExactly("PeterNeumann");
        assertThat(NoteVerifier.of("PeterNeumann", peter.publicKey())).isEqualTo(peter);
    }

    @Test
    void verifierKeyManglingsAreRefused() {
        // As Go's TestNewVerifier: every proper substring and every one-character change fails.
        String key = go("verifier_key");
        for (int start = 0; start <= key.length(); start++) {
            for (int end = start + 1; end <= key.length(); end++) {
                if (start != 0 || end != key.length()) {
                    String part = key.substring(start, end);
                    assertThatThrownBy(() -> NoteVerifier.parse(part)).as(part).isInstanceOf(MalformedEvidenceException.class);
                }
            }
        }
        for (int position = 0; position < key.length(); position++) {
            String changed = key.substring(0, position) + (char) (key.charAt(position) + 1) + key.substring(position + 1);
            assertThatThrownBy(() -> NoteVerifier.parse(changed)).as(changed).isInstanceOf(MalformedEvidenceException.class);
        }
        GO.get("bad_verifier_keys").forEach(bad -> assertThatThrownBy(() -> NoteVerifier.parse(bad.asText()))
                .isInstanceOf(MalformedEvidenceException.class));
        assertThatThrownBy(() -> NoteVerifier.parse(GO.get("bad_verifier_keys").get(1).asText()))
                .hasMessageStartingWith("Unsupported verifier key");
        assertThatThrownBy(() -> NoteVerifier.parse(null)).hasMessageStartingWith("Malformed verifier key");
    }

    @Test
    void realGoSumdbTreeHeadsVerifyAndParse() {
        NoteVerifier verifier = NoteVerifier.parse(SUMDB.get("verifier_key").asText());
        for (JsonNode vector : SUMDB.get("notes")) {
            String note = vector.get("note").asText();
            OpenedNote opened = SignedNotes.open(note, List.of(verifier));
            assertThat(opened.signers()).containsExactly("sum.golang.org");
            Checkpoint checkpoint = Checkpoint.parse(opened.text());
            assertThat(checkpoint.origin()).isEqualTo(vector.get("origin").asText());
            assertThat(checkpoint.treeSize()).isEqualTo(vector.get("tree_size").asLong());
            assertThat(checkpoint.rootHash()).isEqualTo(Base64.getDecoder().decode(vector.get("root_hash").asText()));
            assertThat(checkpoint.body()).isEqualTo(opened.text());
            long size = vector.get("tree_size").asLong();
            String tampered = note.replace(Long.toString(size), Long.toString(size + 1));
            assertThatThrownBy(() -> SignedNotes.open(tampered, List.of(verifier))).hasMessageContaining("Invalid signature");
        }
    }

    @Test
    void specExamplesSplitAndParseButVerifyUnderNoKeyOfOurs() {
        String note = SPEC.get("signed_note").get("note").asText();
        String text = SPEC.get("signed_note").get("text").asText();
        // The text keeps its own blank line: only the last blank line separates the signatures.
        assertThat(SignedNotes.split(note).text()).isEqualTo(text);
        assertThatThrownBy(() -> SignedNotes.open(note, List.of(NoteVerifier.parse(go("verifier_key")))))
                .hasMessageContaining("no signature from a known key");
        String name = "quasimodo.example/salvatore";
        NoteSigner lookalike = signerFor(3, name);
        assertThatThrownBy(() -> SignedNotes.open(note, List.of(lookalike.verifier())))
                .hasMessageContaining("quasimodo.example/salvatore+");
        assertThat(lookalike.sign(text)).startsWith(text + "\n\u2014 " + name + " ");
        assertThat(SignedNotes.open(lookalike.sign(text), List.of(lookalike.verifier())))
                .isEqualTo(new OpenedNote(text, List.of(name)));
        JsonNode vector = SPEC.get("checkpoint");
        String checkpointNote = vector.get("note").asText();
        Checkpoint checkpoint = Checkpoint.parse(checkpointNote.substring(0, checkpointNote.lastIndexOf("\n\n") + 1));
        assertThat(checkpoint.origin()).isEqualTo(vector.get("origin").asText());
        assertThat(checkpoint.treeSize()).isEqualTo(vector.get("tree_size").asLong());
        assertThat(checkpoint.rootHash()).isEqualTo(Base64.getDecoder().decode(vector.get("root_hash").asText()));
    }

    @Test
    void checkpointRoundTripsThroughASignedNote() {
        NoteSigner signer = signerFor(7);
        byte[] root = Merkle.rootHash(List.of(new byte[] {'a'}, new byte[] {'b'}, new byte[] {'c'}));
        Checkpoint checkpoint = new Checkpoint(ORIGIN, 3, root, List.of("extension one", "two"));
        String body = checkpoint.body();
        assertThat(body).isEqualTo(ORIGIN + "\n3\n" + Base64.getEncoder().encodeToString(root) + "\nextension one\ntwo\n");
        String note = signer.sign(checkpoint);
        OpenedNote opened = SignedNotes.open(note, List.of(signer.verifier()));
        assertThat(Checkpoint.parse(opened.text())).isEqualTo(checkpoint);
        assertThat(opened.signers()).containsExactly(ORIGIN);
        assertThat(Checkpoint.parse(new Checkpoint(ORIGIN, 0, Merkle.emptyRootHash()).body()).treeSize()).isZero();
        NoteSigner other = signerFor(8);
        assertThat(other.keyId()).isNotEqualTo(signer.keyId());
        assertThat(other.name()).isEqualTo(signer.name());
        assertThatThrownBy(() -> SignedNotes.open(note, List.of(other.verifier()))).hasMessageContaining("no signature from a known key");
        // Each restart brings a new key under the same name: a note verifies under its own key.
        assertThat(SignedNotes.open(other.sign(body), List.of(signer.verifier(), other.verifier())).signers())
                .containsExactly(ORIGIN);
    }

    static List<String> malformedCheckpoints() {
        String root = Base64.getEncoder().encodeToString(new byte[32]);
        byte[] ones = new byte[32];
        Arrays.fill(ones, (byte) 0xff);
        String urlSafe = Base64.getUrlEncoder().encodeToString(ones);
        String shortRoot = Base64.getEncoder().encodeToString(new byte[31]);
        return List.of(
                ORIGIN + "\n3\n" + root, // no final newline
                ORIGIN + "\n3\n", // no root line
                "\n3\n" + root + "\n", // empty origin
                ORIGIN + "\n03\n" + root + "\n", // leading zero
                ORIGIN + "\n-3\n" + root + "\n",
                ORIGIN + "\n+3\n" + root + "\n",
                ORIGIN + "\n3.0\n" + root + "\n",
                ORIGIN + "\n\u0663\n" + root + "\n", // ARABIC-INDIC DIGIT THREE is no ASCII decimal
                ORIGIN + "\n18446744073709551616\n" + root + "\n", // 2^64
                ORIGIN + "\n9223372036854775808\n" + root + "\n", // 2^63: beyond a long
                ORIGIN + "\n3\n" + root.replace("=", "") + "\n", // unpadded
                ORIGIN + "\n3\n" + urlSafe + "\n", // base64url
                ORIGIN + "\n3\n" + shortRoot + "\n", // 31 bytes
                ORIGIN + "\n3\n" + root + "\n\n", // empty extension line
                ORIGIN + "\n3\n" + root + "\nbad\textension\n",
                "x".repeat(70_000) + "\n3\n" + root + "\n");
    }

    @ParameterizedTest
    @MethodSource("malformedCheckpoints")
    void malformedCheckpointsAreRefused(String body) {
        assertThatThrownBy(() -> Checkpoint.parse(body))
                .isInstanceOf(MalformedEvidenceException.class).hasMessageStartingWith("Malformed checkpoint");
    }

    @Test
    void checkpointSignerAndVerifierConstructorsRefuseBadValues() {
        assertThatThrownBy(() -> new Checkpoint("two\nlines", 1, new byte[32])).hasMessageContaining("origin");
        assertThatThrownBy(() -> new Checkpoint(ORIGIN, -1, new byte[32])).hasMessageContaining("negative");
        assertThatThrownBy(() -> new Checkpoint(ORIGIN, 1, new byte[31])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new Checkpoint(ORIGIN, 1, new byte[32], List.of(""))).hasMessageContaining("extension");
        NoteSigningKey key = NoteSigningKey.generate(new SecureRandom());
        for (String name : List.of("", "a b", "a+b", "tab\there", "nbsp\u00a0x", "nel\u0085x")) {
            assertThatThrownBy(() -> new NoteSigner(name, key)).as(name).hasMessageContaining("key name");
        }
        assertThatThrownBy(() -> NoteVerifier.of(ORIGIN, new byte[31])).hasMessageContaining("32 bytes");
        NoteSigner signer = signerFor(1);
        for (String text : List.of("", "no newline", "bell\u0007\n")) {
            assertThatThrownBy(() -> signer.sign(text)).hasMessageContaining("note text");
        }
        assertThat(signer.toString()).contains(ORIGIN).doesNotContainIgnoringCase("private");
        assertThat(key.toString()).doesNotContain(HexFormat.of().formatHex(key.publicKey()));
    }

    @Test
    void openThrowsNothingButEvidenceExceptionsOnGarbage() {
        Random random = new Random(2014);
        NoteSigner signer = signerFor(5);
        byte[] note = signer.sign(new Checkpoint(ORIGIN, 9, new byte[32])).getBytes(StandardCharsets.UTF_8);
        List<NoteVerifier> verifiers = List.of(signer.verifier());
        for (int round = 0; round < 2000; round++) {
            byte[] mutated = note.clone();
            for (int changes = 1 + random.nextInt(3); changes > 0; changes--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            for (byte[] candidate : new ArrayList<>(List.of(mutated, noise))) {
                try {
                    OpenedNote opened = SignedNotes.open(candidate, verifiers);
                    // Whatever still opens must be the signed text, byte for byte.
                    byte[] text = opened.text().getBytes(StandardCharsets.UTF_8);
                    assertThat(Arrays.copyOf(note, text.length)).isEqualTo(text);
                    assertThat(opened.signers()).containsExactly(ORIGIN);
                } catch (MalformedEvidenceException | NoteVerificationException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
        }
    }
}
