package io.lightvibes.service.sealing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.MLKEMParameters;
import org.bouncycastle.crypto.params.MLKEMPublicKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * A recipient's HPKE public key pkR, the suite it belongs to and its {@code key_id}. Built from
 * SerializePublicKey(pkR) (RFC 9180 §4): the 32-byte X25519 u-coordinate, or for MLKEM768-X25519 the
 * 1184-byte ML-KEM-768 encapsulation key followed by the 32-byte X25519 public key
 * (draft-ietf-hpke-pq-05 §4). Unusable bytes are refused when the key is built, so a bad key file
 * fails at load, with its name, and never at the first seal.
 */
public final class RecipientPublicKey {

    /** Bytes of SHA-256(pkR) that {@code key_id} keeps. */
    private static final int KEY_ID_BYTES = 16;
    private static final int MLKEM768_ENCAPSULATION_KEY_BYTES = 1184;
    /**
     * Any clamped scalar maps a point of the small subgroup (or of the twist's) to the all-zero
     * output, so one fixed probe detects every low-order u, which RFC 9180 §7.1.4 makes DHKEM refuse.
     */
    private static final byte[] LOW_ORDER_PROBE = probeScalar();

    private final SealSuite suite;
    private final byte[] publicBytes;
    private final String keyId;
    private final AsymmetricKeyParameter hpkeKey;

    private RecipientPublicKey(SealSuite suite, byte[] publicBytes, AsymmetricKeyParameter hpkeKey) {
        this.suite = suite;
        this.publicBytes = publicBytes;
        this.keyId = keyIdOf(publicBytes);
        this.hpkeKey = hpkeKey;
    }

    /**
     * The public key of {@code suite} serialized as {@code publicBytes} (copied).
     *
     * @throws RecipientKeyException for a wrong length, a low-order X25519 point, or an ML-KEM-768
     *     encapsulation key that fails the FIPS 203 §7.2 modulus check
     */
    public static RecipientPublicKey of(SealSuite suite, byte[] publicBytes) {
        Objects.requireNonNull(suite, "suite");
        byte[] bytes = publicBytes.clone();
        checkLength(suite, "public", bytes, suite.publicKeyLength());
        switch (suite) {
            case X25519 -> refuseLowOrder(bytes, 0);
            case MLKEM768_X25519 -> {
                try {
                    // Bouncy Castle's constructor runs the FIPS 203 §7.2 modulus check.
                    new MLKEMPublicKeyParameters(MLKEMParameters.ml_kem_768,
                            Arrays.copyOf(bytes, MLKEM768_ENCAPSULATION_KEY_BYTES));
                } catch (IllegalArgumentException e) {
                    throw new RecipientKeyException(
                            "The ML-KEM-768 encapsulation key is invalid (FIPS 203 modulus check).");
                }
                refuseLowOrder(bytes, MLKEM768_ENCAPSULATION_KEY_BYTES);
            }
        }
        return new RecipientPublicKey(suite, bytes, suite.newHpke().deserializePublicKey(bytes));
    }

    public SealSuite suite() {
        return suite;
    }

    /** SerializePublicKey(pkR), a copy. */
    public byte[] publicBytes() {
        return publicBytes.clone();
    }

    /** Lower-case hex of SHA-256(pkR)[0:16]: 32 characters, the same whichever file the key came from. */
    public String keyId() {
        return keyId;
    }

    /** The key as Bouncy Castle's HPKE takes it. */
    AsymmetricKeyParameter hpkeKey() {
        return hpkeKey;
    }

    static void checkLength(SealSuite suite, String kind, byte[] bytes, int expected) {
        if (bytes.length != expected) {
            throw new RecipientKeyException(String.format(Locale.ROOT,
                    "A %s %s key is %d bytes long, this one has %d.", suite.wireName(), kind, expected, bytes.length));
        }
    }

    private static void refuseLowOrder(byte[] bytes, int offset) {
        if (!X25519.calculateAgreement(LOW_ORDER_PROBE, 0, bytes, offset, new byte[X25519.POINT_SIZE], 0)) {
            throw new RecipientKeyException("The X25519 public key is a low-order point.");
        }
    }

    private static String keyIdOf(byte[] publicBytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicBytes);
            return HexFormat.of().formatHex(digest, 0, KEY_ID_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static byte[] probeScalar() {
        byte[] scalar = new byte[X25519.SCALAR_SIZE];
        scalar[0] = 9;
        return scalar;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RecipientPublicKey that && suite == that.suite
                && Arrays.equals(publicBytes, that.publicBytes);
    }

    @Override
    public int hashCode() {
        return keyId.hashCode();
    }

    @Override
    public String toString() {
        return "RecipientPublicKey[" + suite.wireName() + ", key_id=" + keyId + "]";
    }
}
