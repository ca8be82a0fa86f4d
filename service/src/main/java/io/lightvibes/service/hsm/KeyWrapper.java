package io.lightvibes.service.hsm;

import io.lightvibes.service.secrets.SecretBytes;

/**
 * How the service keeps key material at rest without plaintext: {@link #wrap} turns it into an
 * opaque blob bound to a context ({@code aad}), {@link #unwrap} gives it back only for the same
 * context and an untouched blob. The wrapping key stays where the backend keeps it (this process's
 * memory, or a PKCS#11 token it never leaves).
 */
public interface KeyWrapper {

    /**
     * The blob that keeps {@code plaintext} at rest, bound to {@code aad} (the caller keeps and
     * zeroes {@code plaintext}). Throws {@link TokenException} if the backend cannot encrypt.
     */
    byte[] wrap(SecretBytes plaintext, byte[] aad);

    /**
     * The material {@code blob} keeps, if it was made by this wrapper's key for this {@code aad}
     * and is unaltered; otherwise the one opaque {@link UnwrapException}, whatever mismatched.
     */
    SecretBytes unwrap(byte[] blob, byte[] aad);

    /** Which key wraps, for messages and the database's {@code wrapped_by}: never key bytes. */
    String description();
}
