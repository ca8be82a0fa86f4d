package io.lightvibes.service.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One golden file per malformed shape ({@code vectors/checkpoint/malformed/}), each refused with
 * its own message: notes through {@link SignedNotes#open}, bodies through {@link Checkpoint#parse}.
 */
class MalformedNoteFilesTest {

    static String file(String name) {
        try (InputStream in = MalformedNoteFilesTest.class.getResourceAsStream("/vectors/checkpoint/malformed/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }

    static final NoteVerifier KEY = NoteVerifier.parse(file("verifier_key.txt").strip());

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        note_no_blank_line.txt          | Malformed signed note: no blank line separates the text from the signatures.
        note_no_final_newline.txt       | Malformed signed note: expected signature lines, each ending with a newline.
        note_control_character.txt      | Malformed signed note: control characters other than newline are not allowed.
        note_not_an_em_dash.txt         | Malformed signed note: a signature line must start with an em dash and a space.
        note_signature_not_base64.txt   | Malformed signed note: a signature line is '\u2014 <key name> <base64 signature>'.
        note_key_id_only.txt            | Malformed signed note: a signature line is '\u2014 <key name> <base64 signature>'.
        note_too_many_signatures.txt    | Malformed signed note: more than 100 signatures.
        """)
    void malformedNotesAreRefusedWithTheirMessage(String name, String message) {
        assertThatThrownBy(() -> SignedNotes.open(file(name), List.of(KEY)))
                .isInstanceOf(MalformedEvidenceException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        note_bad_signature.txt | Invalid signature for key lightvibes.test/evidence+
        note_unknown_key.txt   | The note has no signature from a known key (signed by: lightvibes.test/evidence+
        """)
    void wellFormedNotesWithoutAGoodKnownSignatureAreRefused(String name, String message) {
        assertThatThrownBy(() -> SignedNotes.open(file(name), List.of(KEY)))
                .isInstanceOf(NoteVerificationException.class).hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        checkpoint_no_final_newline.txt     | Malformed checkpoint: the text must end with a newline.
        checkpoint_two_lines.txt            | Malformed checkpoint: expected origin, tree size and root hash lines.
        checkpoint_empty_extension_line.txt | Malformed checkpoint: every line must be non-empty, without control characters.
        checkpoint_size_leading_zero.txt    | Malformed checkpoint: tree size '03' is not a decimal integer below 2^63 without leading zeroes.
        checkpoint_size_beyond_long.txt     | Malformed checkpoint: tree size '9223372036854775808' is not a decimal integer below 2^63 without leading zeroes.
        checkpoint_root_unpadded.txt        | Malformed checkpoint: the root hash is not the padded standard base64 of 32 bytes.
        checkpoint_root_31_bytes.txt        | Malformed checkpoint: the root hash is not the padded standard base64 of 32 bytes.
        """)
    void malformedCheckpointBodiesAreRefusedWithTheirMessage(String name, String message) {
        assertThatThrownBy(() -> Checkpoint.parse(file(name)))
                .isInstanceOf(MalformedEvidenceException.class).hasMessage(message);
    }
}
