package io.lightvibes.service.secrets;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Raw key material on its way from a key source to the sealer. It never prints its bytes
 * ({@link #toString()} is redacted), compares in constant time, and is zeroed by {@link #close()}:
 * use it in try-with-resources so the key leaves memory as soon as it is sealed.
 */
public final class SecretBytes implements AutoCloseable {

    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Takes ownership of {@code bytes} (no copy): the caller must not keep or reuse the array. */
    public static SecretBytes adopt(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new IllegalArgumentException("key material is never empty");
        }
        return new SecretBytes(bytes);
    }

    /** A copy of {@code bytes}; the caller still owns (and should zero) its array. */
    public static SecretBytes copyOf(byte[] bytes) {
        return adopt(bytes.clone());
    }

    /** Length in bytes. */
    public int length() {
        return bytes.length;
    }

    /** Length in bits. */
    public int bits() {
        return bytes.length * 8;
    }

    /**
     * The bytes themselves, not a copy: for the one call that consumes them (sealing, a test
     * comparing an unsealed key). Throws once the material has been destroyed.
     */
    public byte[] reveal() {
        if (destroyed) {
            throw new IllegalStateException("key material already destroyed");
        }
        return bytes;
    }

    /** Constant-time comparison of the contents. */
    public boolean sameAs(SecretBytes other) {
        return MessageDigest.isEqual(reveal(), other.reveal());
    }

    /** Zeroes the bytes; idempotent. */
    @Override
    public void close() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length * 8 + " bits, redacted]";
    }
}
