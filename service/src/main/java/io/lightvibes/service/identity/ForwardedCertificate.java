package io.lightvibes.service.identity;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The client certificate a TLS-terminating gateway forwards in a header: URL-encoded PEM, as
 * nginx's {@code $ssl_client_escaped_cert} writes it. Only the first certificate counts (the
 * client's own); the gateway has already verified its chain.
 */
final class ForwardedCertificate {

    /** A URL-encoded PEM certificate is a few kilobytes; a longer header is not one. */
    static final int MAX_HEADER_LENGTH = 16 * 1024;
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

    private ForwardedCertificate() {
    }

    /** The certificate in {@code headerValue}; empty for anything that is not a URL-encoded PEM certificate. */
    static Optional<X509Certificate> parse(String headerValue) {
        if (headerValue.length() > MAX_HEADER_LENGTH) {
            return Optional.empty();
        }
        Optional<byte[]> pem = percentDecoded(headerValue.strip());
        if (pem.isEmpty() || !new String(pem.get(), StandardCharsets.US_ASCII).contains(BEGIN)) {
            return Optional.empty();
        }
        try {
            var factory = CertificateFactory.getInstance("X.509");
            return Optional.of((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pem.get())));
        } catch (CertificateException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /**
     * RFC 3986 percent-decoding. Unlike {@link java.net.URLDecoder} a {@code +} stays a {@code +}
     * (base64 uses it; form encoding, where it means a space, is not what gateways send).
     */
    private static Optional<byte[]> percentDecoded(String text) {
        var out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || !HexFormat.isHexDigit(text.charAt(i + 1))
                        || !HexFormat.isHexDigit(text.charAt(i + 2))) {
                    return Optional.empty();
                }
                out.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(out.toByteArray());
    }
}
