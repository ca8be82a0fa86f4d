package io.lightvibes.service.identity;

import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;

/**
 * Subject distinguished names in one canonical form (RFC 2253 as {@link X500Principal#CANONICAL}
 * gives it: attribute types as OIDs or keywords, values case-folded and whitespace-normalised), so
 * {@code CN=Node A, O=Example} registered by an operator matches the certificate's own encoding.
 */
public final class CertificateSubjects {

    /** A subject longer than this is not one an operator typed; the column holds this much. */
    public static final int MAX_LENGTH = 1024;

    private CertificateSubjects() {
    }

    /**
     * The canonical form of {@code dn}, written as RFC 2253 or RFC 1779 ({@code CN=node-a,O=Example}).
     *
     * @throws IllegalArgumentException naming what is wrong, for text that is not a DN
     */
    public static String canonical(String dn) {
        String text = dn.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a certificate subject is a distinguished name like CN=node-a,O=Example; "
                    + "this one is empty");
        }
        if (text.startsWith("/")) {
            throw new IllegalArgumentException("'" + dn + "' is OpenSSL's slash form; write it as RFC 2253, "
                    + "e.g. CN=node-a,O=Example (openssl x509 -noout -subject -nameopt RFC2253)");
        }
        String canonical;
        try {
            canonical = new X500Principal(text).getName(X500Principal.CANONICAL);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "'%s' is not a distinguished name (RFC 2253, e.g. CN=node-a,O=Example): %s", dn, e.getMessage()));
        }
        return checkedLength(canonical);
    }

    /** The canonical subject of {@code certificate}. */
    public static String of(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.CANONICAL);
    }

    private static String checkedLength(String canonical) {
        if (canonical.isEmpty() || canonical.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a certificate subject is 1 to %d characters in canonical form, this one has %d",
                    MAX_LENGTH, canonical.length()));
        }
        return canonical;
    }
}
