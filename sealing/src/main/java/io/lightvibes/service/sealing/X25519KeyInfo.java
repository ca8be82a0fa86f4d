package io.lightvibes.service.sealing;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * The standard DER containers of X25519 keys, as OpenSSL writes them: PKCS#8 OneAsymmetricKey
 * (RFC 5958) and SubjectPublicKeyInfo (RFC 5280), with algorithm id-X25519 1.3.101.110 and absent
 * parameters (RFC 8410 §3, §7). Anything else is named by its algorithm, never shown.
 */
final class X25519KeyInfo {

    /** id-X25519 (RFC 8410 §3). */
    private static final ASN1ObjectIdentifier OID_X25519 = new ASN1ObjectIdentifier("1.3.101.110");
    private static final AlgorithmIdentifier ID_X25519 = new AlgorithmIdentifier(OID_X25519);
    /** Algorithms a wrong key file is likely to hold, for messages. */
    private static final Map<String, String> ALGORITHM_NAMES = Map.ofEntries(
            Map.entry("1.3.101.111", "X448"),
            Map.entry("1.3.101.112", "Ed25519"),
            Map.entry("1.3.101.113", "Ed448"),
            Map.entry("1.2.840.113549.1.1.1", "RSA"),
            Map.entry("1.2.840.113549.1.1.10", "RSA-PSS"),
            Map.entry("1.2.840.10045.2.1", "EC"),
            Map.entry("1.2.840.10040.4.1", "DSA"),
            Map.entry("2.16.840.1.101.3.4.4.1", "ML-KEM-512"),
            Map.entry("2.16.840.1.101.3.4.4.2", "ML-KEM-768"),
            Map.entry("2.16.840.1.101.3.4.4.3", "ML-KEM-1024"),
            Map.entry("2.16.840.1.101.3.4.3.17", "ML-DSA-44"),
            Map.entry("2.16.840.1.101.3.4.3.18", "ML-DSA-65"),
            Map.entry("2.16.840.1.101.3.4.3.19", "ML-DSA-87"));

    private X25519KeyInfo() {
    }

    /** What one of these containers held. */
    sealed interface Content permits X25519Bytes, OtherAlgorithm, Damaged {
    }

    /** The raw 32-byte X25519 key. */
    record X25519Bytes(byte[] key) implements Content {
    }

    /** A well-formed container of another algorithm, e.g. "Ed25519" or "OID 1.2.3". */
    record OtherAlgorithm(String name) implements Content {
    }

    /** Not a container at all. */
    record Damaged() implements Content {
    }

    static byte[] encodePrivate(byte[] scalar) {
        try {
            // CurvePrivateKey ::= OCTET STRING, itself the content of privateKey (RFC 8410 §7).
            return new PrivateKeyInfo(ID_X25519, new DEROctetString(scalar)).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory cannot fail", e);
        }
    }

    static byte[] encodePublic(byte[] u) {
        try {
            return new SubjectPublicKeyInfo(ID_X25519, u).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding in memory cannot fail", e);
        }
    }

    static Content decodePrivate(byte[] der) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (info == null) {
                return new Damaged();
            }
            Optional<String> other = otherAlgorithm(info.getPrivateKeyAlgorithm());
            if (other.isPresent()) {
                return new OtherAlgorithm(other.get());
            }
            byte[] scalar = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
            return scalar.length == 32 ? new X25519Bytes(scalar) : new Damaged();
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            return new Damaged();
        }
    }

    static Content decodePublic(byte[] der) {
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(ASN1Primitive.fromByteArray(der));
            if (info == null) {
                return new Damaged();
            }
            Optional<String> other = otherAlgorithm(info.getAlgorithm());
            if (other.isPresent()) {
                return new OtherAlgorithm(other.get());
            }
            byte[] u = info.getPublicKeyData().getOctets();
            return u.length == 32 ? new X25519Bytes(u) : new Damaged();
        } catch (IOException | IllegalArgumentException | IllegalStateException | ClassCastException e) {
            return new Damaged();
        }
    }

    /** Empty for id-X25519 without parameters; otherwise the algorithm's name. */
    private static Optional<String> otherAlgorithm(AlgorithmIdentifier algorithm) {
        ASN1ObjectIdentifier oid = algorithm.getAlgorithm();
        if (oid.equals(OID_X25519)) {
            return algorithm.getParameters() == null ? Optional.empty() : Optional.of("X25519 with parameters, which RFC 8410 forbids");
        }
        return Optional.of(ALGORITHM_NAMES.getOrDefault(oid.getId(), "OID " + oid.getId()));
    }
}
