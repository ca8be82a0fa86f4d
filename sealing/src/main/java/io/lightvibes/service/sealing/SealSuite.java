package io.lightvibes.service.sealing;

import java.util.Optional;
import org.bouncycastle.crypto.hpke.HPKE;

/**
 * The HPKE suites a recipient key belongs to, with their IANA code points (RFC 9180 §7.1–7.3) and
 * serialized lengths. The wire names are the CLI's {@code --kem} choices.
 */
public enum SealSuite {
    /** DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM (RFC 9180 §7.1, Table 2). */
    X25519("x25519", "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM", 0x0020, 32, 32, 32),
    /**
     * MLKEM768-X25519, HKDF-SHA256, AES-256-GCM: 0x647A, first registered for X-Wing;
     * draft-ietf-hpke-pq-05 §8.2 (Table 3) gives the lengths: ML-KEM ciphertext 1088 + X25519
     * share 32; encapsulation key 1184 + X25519 public 32; the private key is a 32-byte seed.
     */
    MLKEM768_X25519("mlkem768-x25519", "MLKEM768-X25519, HKDF-SHA256, AES-256-GCM", 0x647A, 1120, 1216, 32);

    /** IANA HPKE KDF identifier of HKDF-SHA256 (RFC 9180 §7.2, Table 3). */
    public static final int KDF_HKDF_SHA256 = 0x0001;
    /** IANA HPKE AEAD identifier of AES-256-GCM (RFC 9180 §7.3, Table 5). */
    public static final int AEAD_AES_256_GCM = 0x0002;
    /** Nt of AES-256-GCM: the tag appended to every ciphertext (RFC 9180 §7.3, Table 5). */
    public static final int AEAD_TAG_LENGTH = 16;

    private final String wireName;
    private final String description;
    private final int kemId;
    private final int encLength;
    private final int publicKeyLength;
    private final int privateKeyLength;

    SealSuite(String wireName, String description, int kemId, int encLength, int publicKeyLength,
            int privateKeyLength) {
        this.wireName = wireName;
        this.description = description;
        this.kemId = kemId;
        this.encLength = encLength;
        this.publicKeyLength = publicKeyLength;
        this.privateKeyLength = privateKeyLength;
    }

    /** The name on the wire, in key files' messages and in {@code --kem}. */
    public String wireName() {
        return wireName;
    }

    /** The suite in the RFC's notation: KEM, KDF, AEAD. */
    public String description() {
        return description;
    }

    public int kemId() {
        return kemId;
    }

    /** The KDF of every LIGHTVIBES suite: HKDF-SHA256. */
    public int kdfId() {
        return KDF_HKDF_SHA256;
    }

    /** The AEAD of every LIGHTVIBES suite: AES-256-GCM. */
    public int aeadId() {
        return AEAD_AES_256_GCM;
    }

    /** Nenc: bytes of the encapsulated key that prefixes every sealed blob. */
    public int encLength() {
        return encLength;
    }

    /** Npk: bytes of the serialized recipient public key. */
    public int publicKeyLength() {
        return publicKeyLength;
    }

    /** Nsk: bytes of the serialized recipient private key. */
    public int privateKeyLength() {
        return privateKeyLength;
    }

    /**
     * A fresh Bouncy Castle HPKE context factory for this suite in base mode (RFC 9180 §5.1.1).
     * One per operation: Bouncy Castle's DHKEM keeps its X25519 agreement as mutable state, so a
     * shared instance would race between threads. Building one costs far less than the KEM itself.
     */
    HPKE newHpke() {
        return new HPKE(HPKE.mode_base, (short) kemId, (short) KDF_HKDF_SHA256, (short) AEAD_AES_256_GCM);
    }

    /** The suite named {@code wireName}, if any. */
    public static Optional<SealSuite> fromWireName(String wireName) {
        for (SealSuite suite : values()) {
            if (suite.wireName.equals(wireName)) {
                return Optional.of(suite);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
