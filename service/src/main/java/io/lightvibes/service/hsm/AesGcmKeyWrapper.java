package io.lightvibes.service.hsm;

import io.lightvibes.service.secrets.SecretBytes;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.ProviderException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * {@link KeyWrapper} as AES-256-GCM under one key, in memory ({@link #inMemory}) or held by a
 * PKCS#11 token and run there through SunPKCS11 ({@link Pkcs11Token#keyWrapper}).
 *
 * <p>A blob is {@code 0x01 || 12-byte random nonce || ciphertext || 16-byte tag}; the version byte
 * and the caller's context are the GCM additional data (NIST SP 800-38D), so neither can be swapped.
 * Random 96-bit nonces keep the key safe for 2^32 wraps (SP 800-38D §8.3), far more than the few
 * keys the service keeps at rest.
 */
public final class AesGcmKeyWrapper implements KeyWrapper {

    static final byte VERSION = 0x01;
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    /** Blobs hold keys and key pools, never more than this: a bigger one is refused unread. */
    static final int MAX_PLAINTEXT_BYTES = 1 << 20;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    private final SecretKey key;
    private final Optional<Provider> provider;
    private final SecureRandom random;
    private final String description;

    AesGcmKeyWrapper(SecretKey key, Optional<Provider> provider, SecureRandom random, String description) {
        this.key = Objects.requireNonNull(key, "key");
        this.provider = Objects.requireNonNull(provider, "provider");
        this.random = Objects.requireNonNull(random, "random");
        this.description = Objects.requireNonNull(description, "description");
    }

    /** A new AES-256 key drawn from {@code random} and held in this process's memory: it dies with it. */
    public static AesGcmKeyWrapper inMemory(SecureRandom random) {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, random);
            return new AesGcmKeyWrapper(generator.generateKey(), Optional.empty(), random, "memory (AES-256-GCM)");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no AES key generator", e);
        }
    }

    @Override
    public byte[] wrap(SecretBytes plaintext, byte[] aad) {
        Objects.requireNonNull(aad, "aad");
        byte[] material = plaintext.reveal();
        if (material.length > MAX_PLAINTEXT_BYTES) {
            throw new IllegalArgumentException("a wrapped key holds at most " + MAX_PLAINTEXT_BYTES + " bytes");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            cipher.updateAAD(additionalData(aad));
            byte[] sealed = cipher.doFinal(material);
            return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException | ProviderException e) {
            throw new TokenException("Could not wrap with " + description + ": " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public SecretBytes unwrap(byte[] blob, byte[] aad) {
        Objects.requireNonNull(aad, "aad");
        if (blob == null || blob.length < 1 + NONCE_BYTES + TAG_BYTES + 1
                || blob.length > 1 + NONCE_BYTES + TAG_BYTES + MAX_PLAINTEXT_BYTES || blob[0] != VERSION) {
            throw new UnwrapException();
        }
        byte[] material;
        try {
            Cipher cipher = cipher();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, blob, 1, NONCE_BYTES));
            cipher.updateAAD(additionalData(aad));
            material = cipher.doFinal(blob, 1 + NONCE_BYTES, blob.length - 1 - NONCE_BYTES);
        } catch (BadPaddingException | IllegalBlockSizeException e) {  // AEADBadTagException: a bad tag
            throw new UnwrapException();
        } catch (GeneralSecurityException | ProviderException e) {
            throw new TokenException("Could not unwrap with " + description + ": " + e.getClass().getSimpleName(), e);
        }
        return SecretBytes.adopt(material);
    }

    @Override
    public String description() {
        return description;
    }

    private Cipher cipher() throws GeneralSecurityException {
        return provider.isPresent() ? Cipher.getInstance(TRANSFORMATION, provider.get())
                : Cipher.getInstance(TRANSFORMATION);
    }

    private static byte[] additionalData(byte[] aad) {
        byte[] data = new byte[1 + aad.length];
        data[0] = VERSION;
        System.arraycopy(aad, 0, data, 1, aad.length);
        return data;
    }

    @Override
    public String toString() {
        return "AesGcmKeyWrapper[" + description + ", key redacted]";
    }
}
