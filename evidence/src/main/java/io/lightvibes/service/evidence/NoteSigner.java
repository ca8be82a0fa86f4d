package io.lightvibes.service.evidence;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Signs note texts (c2sp.org/signed-note) with one Ed25519 key under one key name, the log's
 * origin: a checkpoint body becomes a signed note an auditor opens with {@link #verifier()}.
 */
public final class NoteSigner {

    private final NoteSigningKey key;
    private final NoteVerifier verifier;

    public NoteSigner(String name, NoteSigningKey key) {
        if (!NoteText.isKeyName(name)) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces, '+' or control characters");
        }
        this.key = Objects.requireNonNull(key, "key");
        this.verifier = NoteVerifier.of(name, key.publicKey());
    }

    public String name() {
        return verifier.name();
    }

    public int keyId() {
        return verifier.keyId();
    }

    /** The verifier of this signer's signatures. */
    public NoteVerifier verifier() {
        return verifier;
    }

    /** The verifier key text auditors pin: {@code <name>+<hex key ID>+<base64(0x01 || key)>}. */
    public String verifierKey() {
        return verifier.verifierKey();
    }

    /** The whole signed note: {@code text}, a blank line and this key's signature line. */
    public String sign(String text) {
        if (text == null || !text.endsWith("\n")) {
            throw new IllegalArgumentException("a note text is non-empty and ends with a newline");
        }
        if (NoteText.hasControlOtherThanNewline(text) || !NoteText.isWellFormedUnicode(text)) {
            throw new IllegalArgumentException("a note text is Unicode with no control characters other than newline");
        }
        byte[] signature = key.sign(text.getBytes(StandardCharsets.UTF_8));
        // c2sp.org/signed-note: the signature is the 4-byte big-endian key ID, then the Ed25519 signature.
        byte[] blob = ByteBuffer.allocate(SignedNotes.KEY_ID_SIZE + signature.length)
                .putInt(keyId()).put(signature).array();
        return text + "\n" + SignedNotes.SIGNATURE_LINE_PREFIX + name() + " "
                + Base64.getEncoder().encodeToString(blob) + "\n";
    }

    /** A checkpoint as a signed note. */
    public String sign(Checkpoint checkpoint) {
        return sign(checkpoint.body());
    }

    @Override
    public String toString() {
        return "NoteSigner[" + verifierKey() + "]";
    }
}
