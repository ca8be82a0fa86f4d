package io.lightvibes.service.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docs/EVIDENCE.md}'s offline-verification recipe compiles and runs as written, with the JDK
 * and {@link Merkle} only, against a real log: it accepts the honest log and refuses a tampered
 * checkpoint.
 */
class DocumentedRecipeTest {

    static final String ORIGIN = "lightvibes.example/evidence";
    static Method check;

    @BeforeAll
    static void compileTheRecipe(@TempDir Path directory) throws Exception {
        Path source = directory.resolve("OfflineCheck.java");
        Files.writeString(source, recipe());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classPath = Path.of(Merkle.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        int status = javac.run(null, null, null, "-d", directory.toString(), "-cp", classPath, source.toString());
        assertThat(status).as("the recipe compiles").isZero();
        URLClassLoader loader = new URLClassLoader(new URL[] {directory.toUri().toURL()}, DocumentedRecipeTest.class.getClassLoader());
        check = loader.loadClass("OfflineCheck").getMethod("check", String.class, String.class, List.class,
                long.class, byte[].class, List.class, int.class, List.class);
    }

    /** The one Java block under "Verifying with `Merkle` alone". */
    static String recipe() throws IOException {
        Path doc = Path.of("").toAbsolutePath();
        while (!Files.exists(doc.resolve("docs/EVIDENCE.md"))) {
            doc = doc.getParent();
        }
        String text = Files.readString(doc.resolve("docs/EVIDENCE.md"), StandardCharsets.UTF_8);
        String section = text.split("## Verifying with `Merkle` alone", 2)[1];
        return section.split("```java\n", 2)[1].split("```", 2)[0];
    }

    static NoteSigner signer() {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) i;
        }
        return new NoteSigner(ORIGIN, NoteSigningKey.ed25519(seed));
    }

    /** The documented log: a {@code log.started}, then {@code key.issued} entries {@code {"n": seq}}. */
    static MerkleLog log(int size) {
        Instant time = Instant.parse("2025-01-01T00:00:00Z");
        MerkleLog log = new MerkleLog();
        log.append(Entries.encode(0, time, EntryType.LOG_STARTED, "lv", Entries.logStartedFields(ORIGIN, signer().verifierKey())));
        for (int seq = 1; seq < size; seq++) {
            log.append(Entries.encode(seq, time, EntryType.KEY_ISSUED, "a", Map.of("n", seq)));
        }
        return log;
    }

    /** Runs the recipe on a twelve-entry log signed at size 12; {@code tamper} edits the note. */
    static Object run(boolean tamper) throws Throwable {
        NoteSigner signer = signer();
        MerkleLog log = log(12);
        String note = signer.sign(new Checkpoint(ORIGIN, 12, log.root()));
        if (tamper) {
            note = note.replace("\n12\n", "\n11\n");
        }
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            entries.add(Base64.getEncoder().encodeToString(log.entry(i)));
        }
        try {
            return check.invoke(null, signer.verifierKey(), note, entries, 5L, log.root(5), log.consistencyProof(5, 12), 3,
                    log.inclusionProof(3, 12));
        } catch (InvocationTargetException thrown) {
            throw thrown.getCause();
        }
    }

    @Test
    void documentedCheckpointIsTheOneThisLibrarySignsAndItVerifies() throws IOException {
        Path doc = Path.of("").toAbsolutePath();
        while (!Files.exists(doc.resolve("docs/EVIDENCE.md"))) {
            doc = doc.getParent();
        }
        String text = Files.readString(doc.resolve("docs/EVIDENCE.md"), StandardCharsets.UTF_8);
        // The section's first fenced block, between its opening and its closing fence.
        String note = text.split("## Checkpoints", 2)[1].split("```\n", 3)[1];
        NoteSigner signer = signer();
        assertThat(note).isEqualTo(signer.sign(new Checkpoint(ORIGIN, 42, log(42).root())));
        assertThat(text).contains("`" + signer.verifierKey() + "`");
        NoteVerifier pinned = NoteVerifier.parse(signer.verifierKey());
        assertThat(Checkpoint.parse(SignedNotes.open(note, List.of(pinned)).text()).treeSize()).isEqualTo(42);
    }

    @Test
    void recipeVerifiesAnHonestLog() throws Throwable {
        assertThat(run(false)).isEqualTo(12L);
    }

    @Test
    void recipeRefusesATamperedCheckpoint() {
        assertThatThrownBy(() -> run(true)).isInstanceOf(SecurityException.class)
                .hasMessageContaining("signed by the pinned key");
    }
}
