package io.lightvibes.service.evidence;

import java.security.SecureRandom;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The Ed25519 key that signs checkpoints, from wherever it is kept (the key-wrapper backend, a
 * PKCS#11 token, memory): the signer needs only its public key and signatures, never its bytes.
 */
public interface NoteSigningKey {

    /** The raw 32-byte Ed25519 public key (RFC 8032 §5.1.5). */
    byte[] publicKey();

    /** The 64-byte Ed25519 signature of {@code message} (RFC 8032 §5.1.6). */
    byte[] sign(byte[] message);

    /** A key held in memory, from its 32-byte RFC 8032 seed (copied; the caller zeroes its array). */
    static NoteSigningKey ed25519(byte[] seed) {
        if (seed == null || seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
        }
        return new InMemory(new Ed25519PrivateKeyParameters(seed, 0));
    }

    /** A new key held in memory, drawn from {@code random}: it dies with the process. */
    static NoteSigningKey generate(SecureRandom random) {
        return new InMemory(new Ed25519PrivateKeyParameters(random));
    }

    /** An Ed25519 key in this process's memory; its {@code toString} names only the public half. */
    final class InMemory implements NoteSigningKey {

        private final Ed25519PrivateKeyParameters privateKey;
        private final byte[] publicKey;

        private InMemory(Ed25519PrivateKeyParameters privateKey) {
            this.privateKey = privateKey;
            this.publicKey = privateKey.generatePublicKey().getEncoded();
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public byte[] sign(byte[] message) {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, privateKey);
            signer.update(message, 0, message.length);
            return signer.generateSignature();
        }

        @Override
        public String toString() {
            return "NoteSigningKey.InMemory[Ed25519, private half redacted]";
        }
    }
}
