package io.lightvibes.service.evidence;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 signed-note verifier key (c2sp.org/signed-note): a key name, its key ID and the
 * 32-byte public key. Its text, what auditors pin, is {@code <name>+<key ID as 8 hex digits>+<base64(0x01 || key)>}.
 */
public final class NoteVerifier {

    /** c2sp.org/signed-note, Signature types: 0x01 is Ed25519 (RFC 8032) over the note text. */
    static final byte ED25519_SIGNATURE_TYPE = 0x01;
    private static final int PUBLIC_KEY_SIZE = 32;
    private static final int SIGNATURE_SIZE = 64;
    private static final Pattern KEY_ID_HEX = Pattern.compile("[0-9a-f]{8}");

    private final String name;
    private final int keyId;
    private final byte[] publicKey;

    private NoteVerifier(String name, int keyId, byte[] publicKey) {
        this.name = name;
        this.keyId = keyId;
        this.publicKey = publicKey;
    }

    /** The verifier of {@code name} and a raw 32-byte Ed25519 public key. */
    public static NoteVerifier of(String name, byte[] publicKey) {
        if (!NoteText.isKeyName(name)) {
            throw new IllegalArgumentException("a key name is non-empty, without spaces, '+' or control characters");
        }
        if (publicKey == null || publicKey.length != PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes");
        }
        return new NoteVerifier(name, keyId(name, publicKey), publicKey.clone());
    }

    /**
     * The key ID of an Ed25519 note key: the first 4 bytes of SHA-256(name || 0x0A || 0x01 ||
     * public key), big-endian (c2sp.org/signed-note, Ed25519 signatures).
     */
    public static int keyId(String name, byte[] publicKey) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(name.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(ED25519_SIGNATURE_TYPE);
            digest.update(publicKey);
            byte[] hash = digest.digest();
            return (hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | hash[3] & 0xff;
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("the JDK has no SHA-256", impossible);
        }
    }

    /**
     * Reads a verifier key {@code <name>+<hex key ID>+<base64(0x01 || public key)>}.
     *
     * @throws MalformedEvidenceException saying which part is wrong
     */
    public static NoteVerifier parse(String text) {
        String[] parts = text == null ? new String[0] : text.split("\\+", 3);
        if (parts.length != 3) {
            throw new MalformedEvidenceException("Malformed verifier key: expected <name>+<8 hex digits>+<base64 key>.");
        }
        String name = parts[0];
        if (!NoteText.isKeyName(name)) {
            throw new MalformedEvidenceException("Malformed verifier key: the name must be non-empty, without spaces or '+'.");
        }
        if (!KEY_ID_HEX.matcher(parts[1]).matches()) {
            throw new MalformedEvidenceException("Malformed verifier key: the key ID must be 8 lowercase hex digits.");
        }
        byte[] key = NoteText.strictBase64(parts[2]).orElse(new byte[0]);
        if (key.length == 0) {
            throw new MalformedEvidenceException("Malformed verifier key: the key is not padded standard base64.");
        }
        if (key[0] != ED25519_SIGNATURE_TYPE) {
            throw new MalformedEvidenceException(String.format(Locale.ROOT,
                    "Unsupported verifier key: signature type 0x%02x, only Ed25519 (0x01).", key[0] & 0xff));
        }
        if (key.length != 1 + PUBLIC_KEY_SIZE) {
            throw new MalformedEvidenceException("Malformed verifier key: an Ed25519 key is 32 bytes.");
        }
        byte[] publicKey = Arrays.copyOfRange(key, 1, key.length);
        int keyId = HexFormat.fromHexDigits(parts[1]);
        if (keyId != keyId(name, publicKey)) {
            throw new MalformedEvidenceException(
                    "Malformed verifier key: the key ID does not match the name and public key.");
        }
        return new NoteVerifier(name, keyId, publicKey);
    }

    public String name() {
        return name;
    }

    public int keyId() {
        return keyId;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** {@code <name>+<key ID>} as it names a key in messages. */
    String label() {
        return label(name, keyId);
    }

    static String label(String name, int keyId) {
        return name + "+" + HexFormat.of().toHexDigits(keyId);
    }

    /** This key as text: {@code <name>+<hex key ID>+<base64(0x01 || public key)>}. */
    public String verifierKey() {
        byte[] typed = new byte[1 + PUBLIC_KEY_SIZE];
        typed[0] = ED25519_SIGNATURE_TYPE;
        System.arraycopy(publicKey, 0, typed, 1, PUBLIC_KEY_SIZE);
        return label() + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** Whether {@code signature} is this key's Ed25519 signature (RFC 8032) of {@code message}; never throws. */
    public boolean verify(byte[] message, byte[] signature) {
        if (message == null || signature == null || signature.length != SIGNATURE_SIZE) {
            return false;
        }
        try {
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey));
            verifier.update(message, 0, message.length);
            return verifier.verifySignature(signature);
        } catch (IllegalArgumentException notAPoint) {
            return false; // a public key that is no curve point verifies nothing
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoteVerifier that
                && name.equals(that.name) && keyId == that.keyId && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyId, Arrays.hashCode(publicKey));
    }

    @Override
    public String toString() {
        return verifierKey();
    }
}
