package io.lightvibes.service.sealing;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The PEM forms of recipient keys (docs/KEY_FORMATS.md). X25519 keys use the standard files every
 * tool reads: PKCS#8 {@code PRIVATE KEY} and SubjectPublicKeyInfo {@code PUBLIC KEY} (RFC 7468 §10,
 * §13). No standard file format exists yet for MLKEM768-X25519, so its keys use LIGHTVIBES labels
 * over a version byte {@code 0x01} followed by the draft-ietf-hpke-pq serialization. A reader tells
 * the kind of a file from its label and refuses every other kind with a message that names the
 * source and the expected kind, and never shows key bytes.
 */
public final class KeyFilePem {

    static final String LABEL_PKCS8_PRIVATE = "PRIVATE KEY";
    static final String LABEL_SPKI_PUBLIC = "PUBLIC KEY";
    static final String LABEL_HYBRID_PRIVATE = "LIGHTVIBES MLKEM768-X25519 PRIVATE KEY";
    static final String LABEL_HYBRID_PUBLIC = "LIGHTVIBES MLKEM768-X25519 PUBLIC KEY";
    /** The only version of the hybrid body this build reads and writes. */
    static final int HYBRID_FORMAT_VERSION = 0x01;

    static final String EXPECTED_PUBLIC = "a recipient public key ('BEGIN " + LABEL_SPKI_PUBLIC
            + "' with an X25519 key, or 'BEGIN " + LABEL_HYBRID_PUBLIC + "')";
    static final String EXPECTED_PRIVATE = "a recipient private key ('BEGIN " + LABEL_PKCS8_PRIVATE
            + "' with an X25519 key, or 'BEGIN " + LABEL_HYBRID_PRIVATE + "')";

    private KeyFilePem() {
    }

    /** The private key file's text (unencrypted: protect the file). */
    public static String privateKeyToPem(RecipientPrivateKey key) {
        byte[] serialized = key.privateBytes();
        byte[] body = key.suite() == SealSuite.X25519 ? X25519KeyInfo.encodePrivate(serialized) : versioned(serialized);
        try {
            return Pem.armour(key.suite() == SealSuite.X25519 ? LABEL_PKCS8_PRIVATE : LABEL_HYBRID_PRIVATE, body);
        } finally {
            Arrays.fill(serialized, (byte) 0);
            Arrays.fill(body, (byte) 0);
        }
    }

    /** The public key file's text. */
    public static String publicKeyToPem(RecipientPublicKey key) {
        return key.suite() == SealSuite.X25519
                ? Pem.armour(LABEL_SPKI_PUBLIC, X25519KeyInfo.encodePublic(key.publicBytes()))
                : Pem.armour(LABEL_HYBRID_PUBLIC, versioned(key.publicBytes()));
    }

    /**
     * Parses a recipient public key file; {@code source} (the path) starts every message.
     *
     * @throws RecipientKeyException if the file is not exactly one recipient public key
     */
    public static RecipientPublicKey parsePublicKey(byte[] pem, String source) {
        Pem.Block block = Pem.singleBlock(pem, source, EXPECTED_PUBLIC);
        return switch (block.label()) {
            case LABEL_HYBRID_PUBLIC -> {
                byte[] serialized = hybridBody(block, source, SealSuite.MLKEM768_X25519.publicKeyLength());
                yield withSource(source, () -> RecipientPublicKey.of(SealSuite.MLKEM768_X25519, serialized));
            }
            case LABEL_SPKI_PUBLIC -> {
                byte[] u = x25519Bytes(block, block.body().map(X25519KeyInfo::decodePublic), source, EXPECTED_PUBLIC);
                yield withSource(source, () -> RecipientPublicKey.of(SealSuite.X25519, u));
            }
            default -> throw block.label().contains("PRIVATE KEY")
                    ? new RecipientKeyException(source + ": holds a private key (" + block.quotedLabel()
                            + ") where a public key was expected; give the recipient's .pub file, " + EXPECTED_PUBLIC + ".")
                    : new RecipientKeyException(
                            source + ": holds a " + block.quotedLabel() + " block; expected " + EXPECTED_PUBLIC + ".");
        };
    }

    /**
     * Parses a recipient private key file; {@code source} (the path) starts every message.
     *
     * @throws RecipientKeyException if the file is not exactly one unencrypted recipient private key
     */
    public static RecipientPrivateKey parsePrivateKey(byte[] pem, String source) {
        Pem.Block block = Pem.singleBlock(pem, source, EXPECTED_PRIVATE);
        return switch (block.label()) {
            case LABEL_HYBRID_PRIVATE -> secretOf(hybridBody(block, source, SealSuite.MLKEM768_X25519.privateKeyLength()),
                    SealSuite.MLKEM768_X25519, source);
            case LABEL_PKCS8_PRIVATE -> secretOf(
                    x25519Bytes(block, block.body().map(X25519KeyInfo::decodePrivate), source, EXPECTED_PRIVATE),
                    SealSuite.X25519, source);
            case "ENCRYPTED PRIVATE KEY" -> throw new RecipientKeyException(source
                    + ": is a password-protected PKCS#8 key; LIGHTVIBES reads unencrypted recipient keys only, "
                    + EXPECTED_PRIVATE + ".");
            default -> throw block.label().contains("PUBLIC KEY")
                    ? new RecipientKeyException(source + ": holds a public key (" + block.quotedLabel()
                            + ") where a private key was expected; give the recipient's .key file, " + EXPECTED_PRIVATE + ".")
                    : new RecipientKeyException(
                            source + ": holds a " + block.quotedLabel() + " block; expected " + EXPECTED_PRIVATE + ".");
        };
    }

    private static byte[] versioned(byte[] serialized) {
        byte[] body = new byte[1 + serialized.length];
        body[0] = HYBRID_FORMAT_VERSION;
        System.arraycopy(serialized, 0, body, 1, serialized.length);
        return body;
    }

    /** The serialized key in a hybrid block: version 1, then exactly {@code expectedLength} bytes. */
    private static byte[] hybridBody(Pem.Block block, String source, int expectedLength) {
        byte[] body = block.body().orElseThrow(() -> new RecipientKeyException(
                source + ": the " + block.label() + " block is not valid base64."));
        if (body.length == 0 || body[0] != HYBRID_FORMAT_VERSION) {
            String version = body.length == 0 ? "an empty body" : "version " + (body[0] & 0xff);
            throw new RecipientKeyException(String.format(Locale.ROOT,
                    "%s: the %s block has %s; this build reads version %d.", source, block.label(), version,
                    HYBRID_FORMAT_VERSION));
        }
        if (body.length != 1 + expectedLength) {
            throw new RecipientKeyException(String.format(Locale.ROOT,
                    "%s: the %s block is %d bytes, expected %d (truncated or padded?).", source, block.label(),
                    body.length, 1 + expectedLength));
        }
        byte[] serialized = Arrays.copyOfRange(body, 1, body.length);
        Arrays.fill(body, (byte) 0);
        return serialized;
    }

    private static byte[] x25519Bytes(Pem.Block block, Optional<X25519KeyInfo.Content> decoded, String source,
            String expected) {
        return switch (decoded.orElseGet(X25519KeyInfo.Damaged::new)) {
            case X25519KeyInfo.X25519Bytes(byte[] key) -> key;
            case X25519KeyInfo.OtherAlgorithm(String name) -> throw new RecipientKeyException(
                    source + ": holds a key of another algorithm (" + name + "); expected " + expected + ".");
            case X25519KeyInfo.Damaged() -> throw new RecipientKeyException(source + ": the " + block.label()
                    + " block is damaged or of an unknown algorithm; expected " + expected + ".");
        };
    }

    private static RecipientPrivateKey secretOf(byte[] serialized, SealSuite suite, String source) {
        try {
            return withSource(source, () -> RecipientPrivateKey.of(suite, serialized));
        } finally {
            Arrays.fill(serialized, (byte) 0);
        }
    }

    /** Runs {@code build}, prefixing {@code source} to a key validation message (low-order point, modulus). */
    private static <T> T withSource(String source, Supplier<T> build) {
        try {
            return build.get();
        } catch (RecipientKeyException e) {
            throw new RecipientKeyException(source + ": " + e.getMessage());
        }
    }
}
