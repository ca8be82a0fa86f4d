package io.lightvibes.service.sealing;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * A recipient's HPKE private key skR with its suite and public key. Built from
 * SerializePrivateKey(skR): the 32-byte X25519 scalar (clamped when used, RFC 7748 §5), or for
 * MLKEM768-X25519 the 32-byte seed that SHAKE256(seed, 96) expands into the ML-KEM-768 seed d || z
 * and the X25519 scalar (draft-ietf-hpke-pq-05 §4, as X-Wing). Equality is identity and
 * {@link #toString()} is redacted, so the secret is never compared or printed.
 */
public final class RecipientPrivateKey {

    private final SealSuite suite;
    private final byte[] privateBytes;
    private final RecipientPublicKey publicKey;
    private final AsymmetricCipherKeyPair hpkeKeyPair;

    private RecipientPrivateKey(SealSuite suite, byte[] privateBytes, RecipientPublicKey publicKey,
            AsymmetricCipherKeyPair hpkeKeyPair) {
        this.suite = suite;
        this.privateBytes = privateBytes;
        this.publicKey = publicKey;
        this.hpkeKeyPair = hpkeKeyPair;
    }

    /**
     * The private key of {@code suite} serialized as {@code privateBytes} (copied; the caller
     * should zero its array).
     *
     * @throws RecipientKeyException if the length is not the suite's Nsk
     */
    public static RecipientPrivateKey of(SealSuite suite, byte[] privateBytes) {
        Objects.requireNonNull(suite, "suite");
        byte[] bytes = privateBytes.clone();
        RecipientPublicKey.checkLength(suite, "private", bytes, suite.privateKeyLength());
        HPKE hpke = suite.newHpke();
        AsymmetricCipherKeyPair keyPair = hpke.deserializePrivateKey(bytes, null);
        RecipientPublicKey publicKey = RecipientPublicKey.of(suite, hpke.serializePublicKey(keyPair.getPublic()));
        return new RecipientPrivateKey(suite, bytes, publicKey, keyPair);
    }

    /**
     * A new key pair: both suites' GenerateKeyPair draw Nsk = 32 uniform bytes, an X25519 scalar
     * or the hybrid's seed (RFC 9180 §7.1.3, draft-ietf-hpke-pq-05 §4).
     */
    public static RecipientPrivateKey generate(SealSuite suite, SecureRandom random) {
        byte[] secret = new byte[suite.privateKeyLength()];
        random.nextBytes(secret);
        try {
            return of(suite, secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    public SealSuite suite() {
        return suite;
    }

    public RecipientPublicKey publicKey() {
        return publicKey;
    }

    /** The {@code key_id} of the public key. */
    public String keyId() {
        return publicKey.keyId();
    }

    /** SerializePrivateKey(skR), a copy: for writing the key file. Zero it after use. */
    public byte[] privateBytes() {
        return privateBytes.clone();
    }

    /** The key pair as Bouncy Castle's HPKE takes it. */
    AsymmetricCipherKeyPair hpkeKeyPair() {
        return hpkeKeyPair;
    }

    @Override
    public String toString() {
        return "RecipientPrivateKey[" + suite.wireName() + ", key_id=" + keyId() + ", redacted]";
    }
}
