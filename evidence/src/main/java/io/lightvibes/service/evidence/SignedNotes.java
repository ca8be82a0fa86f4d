package io.lightvibes.service.evidence;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Opening C2SP signed notes: the text, a blank line, one {@code — <key name> <base64(key ID ||
 * signature)>} line per signature. One parse checks the note step by step with one message per
 * malformed shape; then, as c2sp.org/signed-note says, signatures from unknown keys are ignored,
 * a known key's bad signature refuses the whole note, and at least one known key must have signed.
 */
public final class SignedNotes {

    /** c2sp.org/signed-note, Format: a signature line starts with an em dash (U+2014) and a space. */
    public static final String SIGNATURE_LINE_PREFIX = "\u2014 ";
    /**
     * c2sp.org/signed-note, Signatures: verifiers should cap the signatures in a note and must
     * accept at least 16; 100 is golang.org/x/mod/sumdb/note's cap, so any note Go accepts passes.
     */
    public static final int MAX_NOTE_SIGNATURES = 100;
    /** A checkpoint is about a hundred bytes; the cap bounds an auditor's work on a bad file. */
    public static final int MAX_NOTE_BYTES = 64 * 1024;
    /** c2sp.org/signed-note, Format: every signature starts with the uint32 key ID, big-endian. */
    static final int KEY_ID_SIZE = 4;

    private SignedNotes() {}

    /**
     * What a verified note says.
     *
     * @param text the signed text, ending in a newline
     * @param signers the names of the known keys whose signatures verified, in note order, each once
     */
    public record OpenedNote(String text, List<String> signers) {

        public OpenedNote {
            signers = List.copyOf(signers);
        }
    }

    /** One well-formed signature line, not yet verified. */
    record Signature(String name, int keyId, byte[] signature) {}

    /** A note split into its text and signature lines, nothing verified. */
    record Split(String text, List<Signature> signatures) {}

    /** {@link #open(String, Collection)} for the note's UTF-8 bytes. */
    public static OpenedNote open(byte[] note, Collection<NoteVerifier> verifiers) {
        if (note == null) {
            throw malformed("not text.");
        }
        if (note.length > MAX_NOTE_BYTES) {
            throw malformed("longer than 64 KiB.");
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(note))
                    .toString();
            return open(text, verifiers);
        } catch (CharacterCodingException error) {
            throw malformed("not valid UTF-8.");
        }
    }

    /**
     * Verifies a signed note against the known keys.
     *
     * @throws MalformedEvidenceException if the note breaks the format
     * @throws NoteVerificationException if a known key's signature fails, two known keys share a
     *     name and key ID, or no known key signed it
     */
    public static OpenedNote open(String note, Collection<NoteVerifier> verifiers) {
        Split split = split(note);
        Map<String, List<NoteVerifier>> known = new HashMap<>();
        for (NoteVerifier verifier : verifiers) {
            List<NoteVerifier> same = known.computeIfAbsent(verifier.label(), label -> new ArrayList<>());
            if (!same.contains(verifier)) {
                same.add(verifier);
            }
        }
        byte[] message = split.text().getBytes(StandardCharsets.UTF_8);
        List<String> verified = new ArrayList<>();
        for (Signature signature : split.signatures()) {
            String label = NoteVerifier.label(signature.name(), signature.keyId());
            List<NoteVerifier> candidates = known.get(label);
            if (candidates == null) {
                continue; // c2sp.org/signed-note: signatures from unknown keys are ignored
            }
            if (candidates.size() > 1) {
                throw new NoteVerificationException("Ambiguous verifier key " + label + ": two keys share it.");
            }
            if (!candidates.getFirst().verify(message, signature.signature())) {
                throw new NoteVerificationException("Invalid signature for key " + label + ".");
            }
            if (!verified.contains(signature.name())) {
                verified.add(signature.name());
            }
        }
        if (verified.isEmpty()) {
            TreeSet<String> signers = new TreeSet<>();
            split.signatures().forEach(s -> signers.add(NoteVerifier.label(s.name(), s.keyId())));
            throw new NoteVerificationException(
                    "The note has no signature from a known key (signed by: " + String.join(", ", signers) + ").");
        }
        return new OpenedNote(split.text(), verified);
    }

    /** The note's text and its well-formed signature lines, without verifying anything. */
    static Split split(String note) {
        if (note == null) {
            throw malformed("not text.");
        }
        if (!NoteText.isWellFormedUnicode(note)) {
            throw malformed("not valid UTF-8.");
        }
        if (note.length() > MAX_NOTE_BYTES || NoteText.utf8Length(note) > MAX_NOTE_BYTES) {
            throw malformed("longer than 64 KiB.");
        }
        if (NoteText.hasControlOtherThanNewline(note)) {
            throw malformed("control characters other than newline are not allowed.");
        }
        // The text is separated from the signatures by the last blank line of the note.
        int blank = note.lastIndexOf("\n\n");
        if (blank < 0) {
            throw malformed("no blank line separates the text from the signatures.");
        }
        String text = note.substring(0, blank + 1);
        String block = note.substring(blank + 2);
        if (block.isEmpty() || !block.endsWith("\n")) {
            throw malformed("expected signature lines, each ending with a newline.");
        }
        String[] lines = block.substring(0, block.length() - 1).split("\n", -1);
        if (lines.length > MAX_NOTE_SIGNATURES) {
            throw malformed(String.format(Locale.ROOT, "more than %d signatures.", MAX_NOTE_SIGNATURES));
        }
        List<Signature> signatures = new ArrayList<>(lines.length);
        for (String line : lines) {
            signatures.add(signatureLine(line));
        }
        return new Split(text, List.copyOf(signatures));
    }

    private static Signature signatureLine(String line) {
        if (!line.startsWith(SIGNATURE_LINE_PREFIX)) {
            throw malformed("a signature line must start with an em dash and a space.");
        }
        String rest = line.substring(SIGNATURE_LINE_PREFIX.length());
        int space = rest.indexOf(' ');
        String name = space < 0 ? rest : rest.substring(0, space);
        byte[] blob = space < 0 ? null : NoteText.strictBase64(rest.substring(space + 1)).orElse(null);
        if (!NoteText.isKeyName(name) || blob == null || blob.length <= KEY_ID_SIZE) {
            throw malformed("a signature line is '\u2014 <key name> <base64 signature>'.");
        }
        int keyId = ByteBuffer.wrap(blob, 0, KEY_ID_SIZE).getInt();
        return new Signature(name, keyId, Arrays.copyOfRange(blob, KEY_ID_SIZE, blob.length));
    }

    private static MalformedEvidenceException malformed(String problem) {
        return new MalformedEvidenceException("Malformed signed note: " + problem);
    }
}
