package io.lightvibes.service.identity;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code LIGHTVIBES_AUTH=mtls}: the caller is the peer registered with its client certificate's
 * subject. The certificate comes from this server's own TLS handshake (which has verified it
 * against {@code LIGHTVIBES_TLS_CLIENT_CA}), or, when the TCP peer is a trusted gateway
 * ({@link TrustedProxies}), from the header it forwards the certificate it verified in. From
 * anyone else that header is ignored, whatever it holds.
 */
public final class CertificateAuthenticator implements Authenticator {

    /** There is no registered scheme for client certificates; this names what is asked for. */
    static final String CHALLENGE = "ClientCertificate realm=\"lightvibes\"";

    private final PeerRegistry peers;
    private final TrustedProxies proxies;
    private final HeaderName header;

    /**
     * @param peers the registry
     * @param proxies gateways whose {@code header} is believed
     * @param header where they forward the client certificate (URL-encoded PEM)
     */
    public CertificateAuthenticator(PeerRegistry peers, TrustedProxies proxies, String header) {
        this.peers = Objects.requireNonNull(peers, "peers");
        this.proxies = Objects.requireNonNull(proxies, "proxies");
        this.header = HeaderNames.create(header);
    }

    @Override
    public Principal authenticate(ServerRequest request) {
        Optional<X509Certificate> handshake = request.remotePeer().tlsCertificates()
                .filter(chain -> chain.length > 0 && chain[0] instanceof X509Certificate)
                .map(chain -> (X509Certificate) chain[0]);
        return authenticate(address(request.remotePeer().address()), request.headers().first(header), handshake);
    }

    /**
     * The peer of a request from {@code from} that carried {@code forwarded} in the gateway header
     * and presented {@code handshake} in its own TLS handshake.
     */
    Principal authenticate(Optional<InetAddress> from, Optional<String> forwarded, Optional<X509Certificate> handshake) {
        X509Certificate certificate;
        if (forwarded.isPresent() && from.isPresent() && proxies.trusts(from.get())) {
            certificate = ForwardedCertificate.parse(forwarded.get()).orElseThrow(() -> new UnauthenticatedException(
                    CHALLENGE, String.format(Locale.ROOT, "The gateway's %s header does not hold a URL-encoded PEM "
                            + "certificate (as nginx's $ssl_client_escaped_cert); check the gateway's configuration.",
                            header.defaultCase())));
        } else {
            certificate = handshake.orElseThrow(() -> new UnauthenticatedException(CHALLENGE,
                    "This service needs a client certificate: connect over TLS with the certificate a peer was "
                            + "registered with (`lightvibes peers add NAME --cert-subject DN`)."));
        }
        String subject = CertificateSubjects.of(certificate);
        return peers.activeBySubject(subject).orElseThrow(() -> new UnauthenticatedException(CHALLENGE,
                String.format(Locale.ROOT, "The client certificate's subject %s is not registered to an active peer "
                        + "(unknown or revoked); an operator registers it with `lightvibes peers add NAME "
                        + "--cert-subject DN`.", certificate.getSubjectX500Principal().getName())));
    }

    private static Optional<InetAddress> address(SocketAddress socket) {
        return socket instanceof InetSocketAddress inet && inet.getAddress() != null
                ? Optional.of(inet.getAddress())
                : Optional.empty();
    }
}
