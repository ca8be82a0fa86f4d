package io.lightvibes.service.identity;

import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The server's own TLS from PEM files ({@code LIGHTVIBES_TLS_CERT}, {@code _KEY},
 * {@code _CLIENT_CA}): HTTPS with the certificate chain and key, and with a client CA the
 * handshake requires a client certificate chaining to it ({@link TlsClientAuth#REQUIRED}), so a
 * self-signed or foreign certificate never reaches a route. Each file is read and checked at start
 * (the key must belong to the certificate); a bad one stops start-up naming it.
 */
public final class ServerTls {

    /** PEM files of certificates and keys are a few kilobytes; anything much larger is not one. */
    private static final int MAX_PEM_BYTES = 1024 * 1024;

    private ServerTls() {
    }

    /** The server's TLS; empty when no certificate is configured (plain HTTP). */
    public static Optional<Tls> from(Settings.Security security, SecureRandom random) {
        if (security.tlsCert().isEmpty() && security.tlsKey().isEmpty()) {
            if (security.tlsClientCa().isPresent()) {
                throw new ConfigException("LIGHTVIBES_TLS_CLIENT_CA (--tls-client-ca) needs the server's own "
                        + "certificate and key too: set LIGHTVIBES_TLS_CERT and LIGHTVIBES_TLS_KEY (--tls-cert, --tls-key).");
            }
            return Optional.empty();
        }
        if (security.tlsCert().isEmpty() || security.tlsKey().isEmpty()) {
            throw new ConfigException("LIGHTVIBES_TLS_CERT and LIGHTVIBES_TLS_KEY (--tls-cert, --tls-key) go together: "
                    + "set both for HTTPS, or neither.");
        }
        Path certFile = security.tlsCert().get();
        Path keyFile = security.tlsKey().get();
        List<X509Certificate> chain = certificates(certFile, "LIGHTVIBES_TLS_CERT");
        PrivateKey key = privateKey(keyFile);
        requireMatch(key, chain.getFirst().getPublicKey(), keyFile, certFile, random);
        var tls = Tls.builder()
                .privateKey(key)
                .privateKeyCertChain(chain)
                .secureRandom(random);
        security.tlsClientCa().ifPresent(caFile -> tls
                .trust(certificates(caFile, "LIGHTVIBES_TLS_CLIENT_CA"))
                .clientAuth(TlsClientAuth.REQUIRED)
                // Host-name checks are for servers; a client certificate is checked by its chain and subject.
                .endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_NONE));
        return Optional.of(tls.build());
    }

    private static List<X509Certificate> certificates(Path file, String variable) {
        byte[] pem = read(file, variable);
        try (InputStream in = new java.io.ByteArrayInputStream(pem)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .stream().map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new ConfigException(String.format(Locale.ROOT,
                        "%s=%s holds no PEM certificate (-----BEGIN CERTIFICATE-----).", variable, file));
            }
            return certificates;
        } catch (CertificateException | IOException | ClassCastException e) {
            throw new ConfigException(String.format(Locale.ROOT, "%s=%s is not a PEM certificate file: %s.",
                    variable, file, oneLine(e)));
        }
    }

    private static PrivateKey privateKey(Path file) {
        byte[] pem = read(file, "LIGHTVIBES_TLS_KEY");
        Object parsed;
        try (Reader reader = new java.io.InputStreamReader(new java.io.ByteArrayInputStream(pem), StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            parsed = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "LIGHTVIBES_TLS_KEY=%s is not a PEM private key: %s.", file, oneLine(e)));
        } finally {
            java.util.Arrays.fill(pem, (byte) 0);
        }
        try {
            var converter = new JcaPEMKeyConverter();
            return switch (parsed) {
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
                case PEMEncryptedKeyPair ignored -> throw encrypted(file);
                case PKCS8EncryptedPrivateKeyInfo ignored -> throw encrypted(file);
                case null -> throw new ConfigException(String.format(Locale.ROOT,
                        "LIGHTVIBES_TLS_KEY=%s holds no PEM private key (-----BEGIN PRIVATE KEY-----).", file));
                default -> throw new ConfigException(String.format(Locale.ROOT,
                        "LIGHTVIBES_TLS_KEY=%s holds a %s, not a private key.", file, parsed.getClass().getSimpleName()));
            };
        } catch (IOException e) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "LIGHTVIBES_TLS_KEY=%s holds a key this JDK cannot use: %s.", file, oneLine(e)));
        }
    }

    private static ConfigException encrypted(Path file) {
        return new ConfigException(String.format(Locale.ROOT, "LIGHTVIBES_TLS_KEY=%s is encrypted; give the "
                + "server an unencrypted PKCS#8 key file readable only by it (openssl pkcs8 -topk8 -nocrypt).", file));
    }

    /** Signs a random message with {@code key} and verifies it with the certificate's key. */
    private static void requireMatch(PrivateKey key, PublicKey certified, Path keyFile, Path certFile,
            SecureRandom random) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> throw new ConfigException(String.format(Locale.ROOT,
                    "LIGHTVIBES_TLS_KEY=%s is a %s key; the server takes RSA, EC or Ed25519 keys.", keyFile,
                    key.getAlgorithm()));
        };
        byte[] message = new byte[32];
        random.nextBytes(message);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key, random);
            signer.update(message);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certified);
            verifier.update(message);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new ConfigException(String.format(Locale.ROOT,
                    "LIGHTVIBES_TLS_KEY=%s is not the private key of the first certificate in LIGHTVIBES_TLS_CERT=%s.",
                    keyFile, certFile));
        }
    }

    private static byte[] read(Path file, String variable) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] data = in.readNBytes(MAX_PEM_BYTES + 1);
            if (data.length > MAX_PEM_BYTES) {
                throw new ConfigException(String.format(Locale.ROOT, "%s=%s is larger than %d bytes; not a PEM file.",
                        variable, file, MAX_PEM_BYTES));
            }
            return data;
        } catch (IOException e) {
            throw new ConfigException(String.format(Locale.ROOT, "%s=%s cannot be read: %s.", variable, file,
                    e instanceof java.nio.file.NoSuchFileException ? "no such file" : oneLine(e)));
        }
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.strip().replace('\n', ' ').replace('\r', ' ');
    }
}
