package io.lightvibes.service.pqc;

import io.lightvibes.service.secrets.SecretBytes;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * Expands an ML-KEM shared secret to a key of the requested length with HKDF-SHA256 (RFC 5869).
 * Both ends run exactly this, so equal secrets give equal keys.
 */
final class KeyExpansion {

    /**
     * RFC 5869 §3.2: {@code info} binds the output to its context (the session id). The salt stays
     * at its default (HashLen zero bytes, §2.2), because an ML-KEM shared secret is already uniform.
     */
    static final byte[] INFO_PREFIX = "lightvibes/v1 pqc-key:".getBytes(StandardCharsets.US_ASCII);

    private KeyExpansion() {
    }

    /** {@code bits / 8} bytes of HKDF-SHA256(ikm = sharedSecret, salt = none, info = prefix || context). */
    static SecretBytes expand(SecretBytes sharedSecret, int bits, byte[] context) {
        byte[] info = new byte[INFO_PREFIX.length + context.length];
        System.arraycopy(INFO_PREFIX, 0, info, 0, INFO_PREFIX.length);
        System.arraycopy(context, 0, info, INFO_PREFIX.length, context.length);
        return SecretBytes.adopt(hkdfSha256(sharedSecret.reveal(), info, bits / 8));
    }

    /** HKDF-SHA256 Extract-then-Expand (RFC 5869 §2.2, §2.3) with no salt. */
    static byte[] hkdfSha256(byte[] ikm, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        // A null salt is HashLen zero bytes (RFC 5869 §2.2), as Bouncy Castle implements it.
        hkdf.init(new HKDFParameters(ikm, null, info));
        byte[] okm = new byte[length];
        hkdf.generateBytes(okm, 0, length);
        return okm;
    }
}
