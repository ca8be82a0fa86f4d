package io.lightvibes.service.identity;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI made at test time with Bouncy Castle: CAs, a server certificate for
 * 127.0.0.1 and client certificates, as objects and as the PEM files the server reads. No key
 * file is committed anywhere.
 */
final class TestPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key pair and its certificate, issued by {@code issuer} (itself for a root). */
    record Identity(KeyPair keys, X509Certificate certificate) {

        /** The certificate as PEM. */
        String certificatePem() {
            return pem(certificate);
        }

        /** Writes the certificate and the PKCS#8 key as {@code name.crt} and {@code name.key} under {@code dir}. */
        PemFiles write(Path dir, String name) {
            try {
                Path cert = dir.resolve(name + ".crt");
                Path key = dir.resolve(name + ".key");
                Files.writeString(cert, certificatePem(), StandardCharsets.US_ASCII);
                Files.writeString(key, pkcs8(keys.getPrivate()), StandardCharsets.US_ASCII);
                return new PemFiles(cert, key);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A certificate file and its key file. */
    record PemFiles(Path certificate, Path key) {
    }

    private TestPki() {
    }

    static Identity ca(String subject) {
        KeyPair keys = keyPair();
        return new Identity(keys, certificate(new X500Principal(subject), keys, new X500Principal(subject), keys,
                true, null, false));
    }

    /** A server certificate for 127.0.0.1 and localhost. */
    static Identity server(Identity ca) {
        KeyPair keys = keyPair();
        return new Identity(keys, certificate(new X500Principal("CN=localhost"), keys,
                ca.certificate().getSubjectX500Principal(), ca.keys(), false, "127.0.0.1", false));
    }

    /** A client certificate with {@code subject}, issued by {@code ca}. */
    static Identity client(Identity ca, String subject) {
        KeyPair keys = keyPair();
        return new Identity(keys, certificate(new X500Principal(subject), keys,
                ca.certificate().getSubjectX500Principal(), ca.keys(), false, null, true));
    }

    /** A self-signed client certificate with {@code subject}: what a forger can make. */
    static Identity selfSigned(String subject) {
        KeyPair keys = keyPair();
        return new Identity(keys, certificate(new X500Principal(subject), keys, new X500Principal(subject), keys,
                false, null, true));
    }

    /** An HTTP client that trusts {@code ca} and presents {@code client} when given. */
    static HttpClient httpClient(Identity ca, Identity client) {
        return HttpClient.newBuilder().sslContext(sslContext(ca, client)).connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    static SSLContext sslContext(Identity ca, Identity client) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", ca.certificate());
            var trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManagerFactory keyManagers = null;
            if (client != null) {
                KeyStore own = KeyStore.getInstance("PKCS12");
                own.load(null, null);
                char[] password = "test".toCharArray();
                own.setKeyEntry("client", client.keys().getPrivate(), password,
                        new X509Certificate[] {client.certificate()});
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(own, password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(),
                    RANDOM);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static URI uri(int port, String path) {
        return URI.create("https://127.0.0.1:" + port + path);
    }

    static String pem(Object object) {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /** The key as PKCS#8 PEM (-----BEGIN PRIVATE KEY-----). */
    static String pkcs8(java.security.PrivateKey key) {
        try {
            return pem(new JcaPKCS8Generator(key, null).generate());
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(X500Principal subject, KeyPair subjectKeys, X500Principal issuer,
            KeyPair issuerKeys, boolean isCa, String ipAddress, boolean clientAuth) {
        Instant now = Instant.now();
        try {
            var builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, RANDOM).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                    subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            if (isCa) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        clientAuth ? KeyPurposeId.id_kp_clientAuth : KeyPurposeId.id_kp_serverAuth));
            }
            if (ipAddress != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, ipAddress), new GeneralName(GeneralName.dNSName, "localhost")}));
            }
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
