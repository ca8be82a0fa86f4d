package io.lightvibes.service.sealing;

import io.lightvibes.service.secrets.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;

/**
 * Seals keys to one recipient public key with RFC 9180 single-shot base mode: {@code enc ||
 * ciphertext} = SealBase(pkR, info = "lightvibes/v1:" || key_ref, aad = "", key) (§6.1).
 *
 * <p>The sender's ephemeral randomness comes from the injected {@link SecureRandom} and enters
 * Bouncy Castle through its explicit-ephemeral hooks: an X25519 ephemeral key pair drawn from it
 * (GenerateKeyPair, §7.1.3), or the hybrid's 64-byte encapsulation seed (ML-KEM's 32-byte m, then
 * the X25519 ephemeral scalar, as X-Wing's EncapsulateDerand takes it). So production seals take
 * the very path the known-answer tests replay with the published ephemeral values. Thread-safe.
 */
public final class HpkeSealer implements Sealer {

    /** The hybrid's Neseed: randomness for one encapsulation. */
    private static final int HYBRID_ENCAPSULATION_SEED_BYTES = 64;
    private static final byte[] NO_AAD = new byte[0];

    private final RecipientPublicKey recipient;
    private final SecureRandom random;

    public HpkeSealer(RecipientPublicKey recipient, SecureRandom random) {
        this.recipient = Objects.requireNonNull(recipient, "recipient");
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public SealSuite suite() {
        return recipient.suite();
    }

    @Override
    public String recipientKeyId() {
        return recipient.keyId();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if {@code keyRef} is empty
     * @throws SealFailedException if the KEM or the AEAD fails
     */
    @Override
    public byte[] seal(SecretBytes key, String keyRef) {
        byte[] info = HpkeInfo.forKeyRef(keyRef);
        HPKE hpke = recipient.suite().newHpke();
        try {
            HPKEContextWithEncapsulation context = encapsulate(hpke, info);
            byte[] enc = context.getEncapsulation();
            byte[] ciphertext = context.seal(NO_AAD, key.reveal());
            byte[] sealed = Arrays.copyOf(enc, enc.length + ciphertext.length);
            System.arraycopy(ciphertext, 0, sealed, enc.length, ciphertext.length);
            return sealed;
        } catch (InvalidCipherTextException | IllegalStateException | IllegalArgumentException e) {
            throw new SealFailedException(String.format(Locale.ROOT,
                    "Sealing to recipient key %s failed.", recipient.keyId()), e);
        }
    }

    /** SetupBaseS (RFC 9180 §5.1.1) with this sealer's randomness. */
    private HPKEContextWithEncapsulation encapsulate(HPKE hpke, byte[] info) {
        return switch (recipient.suite()) {
            case X25519 -> {
                X25519KeyPairGenerator ephemeral = new X25519KeyPairGenerator();
                ephemeral.init(new X25519KeyGenerationParameters(random));
                yield hpke.setupBaseS(recipient.hpkeKey(), info, ephemeral.generateKeyPair());
            }
            case MLKEM768_X25519 -> {
                byte[] seed = new byte[HYBRID_ENCAPSULATION_SEED_BYTES];
                random.nextBytes(seed);
                try {
                    yield hpke.setupBaseS(recipient.hpkeKey(), info, seed);
                } finally {
                    Arrays.fill(seed, (byte) 0);
                }
            }
        };
    }

    @Override
    public String toString() {
        return "HpkeSealer[" + recipient.suite().wireName() + ", key_id=" + recipient.keyId() + "]";
    }
}
