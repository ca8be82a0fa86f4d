package io.lightvibes.service.sealing;

import java.nio.charset.StandardCharsets;

/**
 * The application context HPKE calls {@code info}, which binds a sealed key to its key_ref: the
 * key schedule hashes it into the AEAD key and base nonce (RFC 9180 §5.1, {@code
 * LabeledExtract("", "info_hash", info)}), so a blob moved to another key_ref does not open. The
 * {@code v1} tag lets a later format make old blobs fail cleanly instead of being misread.
 */
public final class HpkeInfo {

    /** What every {@code info} starts with. */
    public static final String PREFIX = "lightvibes/v1:";

    private HpkeInfo() {
    }

    /**
     * UTF-8 of {@value #PREFIX} followed by {@code keyRef}.
     *
     * @throws IllegalArgumentException if {@code keyRef} is empty
     */
    public static byte[] forKeyRef(String keyRef) {
        if (keyRef.isEmpty()) {
            throw new IllegalArgumentException("A key_ref is required to seal or open a key.");
        }
        return (PREFIX + keyRef).getBytes(StandardCharsets.UTF_8);
    }
}
