package io.lightvibes.service.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.lightvibes.service.config.Settings;
import io.lightvibes.service.http.ProblemMapper;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication over real TLS connections to Helidon's own TLS ({@link ServerTls}) with a test CA
 * made at run time: client certificates in the handshake, bearer tokens over HTTPS, and a
 * gateway's forwarded certificate from a trusted and from an untrusted address.
 */
class TlsAuthenticationTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String NODE_A = "CN=node-a, O=Example";
    private static final String REVOKED = "CN=node-r, O=Example";

    @TempDir
    static Path dir;

    private static TestPki.Identity ca;
    private static TestPki.Identity foreignCa;
    private static TestPki.PemFiles serverFiles;
    private static Path caFile;
    private static MemoryPeers peers;
    private static String nodeAToken;
    private static String revokedToken;

    @BeforeAll
    static void pki() throws IOException {
        ca = TestPki.ca("CN=LIGHTVIBES test CA, O=Example");
        foreignCa = TestPki.ca("CN=Another CA, O=Elsewhere");
        serverFiles = TestPki.server(ca).write(dir, "server");
        caFile = dir.resolve("clients-ca.crt");
        java.nio.file.Files.writeString(caFile, ca.certificatePem());
        peers = new MemoryPeers();
        var tokens = new BearerTokens(RANDOM);
        var a = tokens.issue();
        var r = tokens.issue();
        nodeAToken = a.token();
        revokedToken = r.token();
        var key = RecipientPrivateKey.generate(SealSuite.X25519, RANDOM).publicKey();
        peers.add(new NewPeer("node-a", Set.of("admin"), a.hash(), Optional.of(CertificateSubjects.canonical(NODE_A)),
                key, Instant.now()));
        peers.add(new NewPeer("node-r", Set.of(), r.hash(), Optional.of(CertificateSubjects.canonical(REVOKED)), key,
                Instant.now()));
        peers.revoke("node-r", Instant.now());
    }

    private static Settings.Security security(AuthMode mode, boolean clientCa, List<String> proxies) {
        return new Settings.Security(mode, false, Optional.of(serverFiles.certificate()), Optional.of(serverFiles.key()),
                clientCa ? Optional.of(caFile) : Optional.empty(), proxies, "X-Client-Cert");
    }

    /** A server whose one route answers the caller's peer id; counts the requests that reached the authenticator. */
    static WebServer serve(Optional<Tls> tls, Authenticator authenticator, AtomicInteger reached) {
        var builder = WebServer.builder().host("127.0.0.1").port(0);
        tls.ifPresent(builder::tls);
        return builder.routing(routing -> {
            ProblemMapper.register(routing);
            routing.addFilter(Callers.filter(request -> {
                reached.incrementAndGet();
                return authenticator.authenticate(request);
            }));
            routing.get("/whoami", (request, response) -> response.send(Callers.of(request).peerId()));
        }).build().start();
    }

    private static HttpResponse<String> get(HttpClient client, URI uri, String... headers)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Client certificates verified by the server's own handshake ({@code serve --tls-client-ca}). */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class MutualTls {

        private final AtomicInteger reached = new AtomicInteger();
        private WebServer server;

        @BeforeAll
        void start() {
            Settings.Security security = security(AuthMode.MTLS, true, List.of());
            server = serve(ServerTls.from(security, RANDOM),
                    Authenticators.forServer(security, "127.0.0.1", peers), reached);
        }

        @AfterAll
        void stop() {
            server.stop();
        }

        @Test
        void aGoodClientCertificateIsItsPeer() throws Exception {
            // Registered as "CN=node-a, O=Example"; the certificate spells it without the space.
            var client = TestPki.httpClient(ca, TestPki.client(ca, "CN=node-a,O=Example"));
            var response = get(client, TestPki.uri(server.port(), "/whoami"));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("node-a");
        }

        @Test
        void aSelfSignedCertificateWithARegisteredSubjectIsRefusedAtTheHandshake() {
            assertRefusedAtHandshake(TestPki.sslContext(ca, TestPki.selfSigned(NODE_A)));
        }

        @Test
        void aCertificateFromAForeignCaIsRefusedAtTheHandshake() {
            assertRefusedAtHandshake(TestPki.sslContext(ca, TestPki.client(foreignCa, NODE_A)));
        }

        @Test
        void noClientCertificateIsRefusedAtTheHandshake() {
            assertRefusedAtHandshake(TestPki.sslContext(ca, null));
        }

        @Test
        void aRevokedPeersCertificateIs401() throws Exception {
            var response = get(TestPki.httpClient(ca, TestPki.client(ca, REVOKED)), TestPki.uri(server.port(), "/whoami"));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains(CertificateAuthenticator.CHALLENGE);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("not registered to an active peer");
        }

        @Test
        void aGoodCertificateOfAnUnregisteredSubjectIs401() throws Exception {
            var response = get(TestPki.httpClient(ca, TestPki.client(ca, "CN=stranger, O=Example")),
                    TestPki.uri(server.port(), "/whoami"));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("CN=stranger");
        }

        /** The handshake fails: no HTTP answer comes back and the request never reaches the authenticator. */
        private void assertRefusedAtHandshake(SSLContext context) {
            int before = reached.get();
            assertThat(httpAnswer(context, server.port())).as("an HTTP answer over a refused handshake").isEmpty();
            assertThatThrownBy(() -> get(HttpClient.newBuilder().sslContext(context).build(),
                    TestPki.uri(server.port(), "/whoami"))).isInstanceOf(IOException.class);
            assertThat(reached.get()).isEqualTo(before);
        }
    }

    /** Bearer tokens over HTTPS without client certificates. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BearerTokensOverHttps {

        private final AtomicInteger reached = new AtomicInteger();
        private WebServer server;
        private HttpClient client;

        @BeforeAll
        void start() {
            Settings.Security security = security(AuthMode.TOKEN, false, List.of());
            server = serve(ServerTls.from(security, RANDOM), Authenticators.forServer(security, "127.0.0.1", peers),
                    reached);
            client = TestPki.httpClient(ca, null);
        }

        @AfterAll
        void stop() {
            server.stop();
        }

        @Test
        void aGoodTokenIsItsPeer() throws Exception {
            var response = get(client, TestPki.uri(server.port(), "/whoami"), "Authorization", "Bearer " + nodeAToken);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("node-a");
        }

        @Test
        void noTokenIs401WithABearerChallenge() throws Exception {
            var response = get(client, TestPki.uri(server.port(), "/whoami"));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains(TokenAuthenticator.CHALLENGE);
            assertThat(response.body()).contains("Authorization: Bearer");
        }

        @Test
        void aWrongTokenIs401AndIsNotEchoed() throws Exception {
            String wrong = new BearerTokens(RANDOM).issue().token();
            var response = get(client, TestPki.uri(server.port(), "/whoami"), "Authorization", "Bearer " + wrong);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains(TokenAuthenticator.INVALID);
            assertThat(response.body()).doesNotContain(wrong).doesNotContain(wrong.substring(3, 20));
        }

        @Test
        void aRevokedPeersTokenIs401() throws Exception {
            var response = get(client, TestPki.uri(server.port(), "/whoami"), "Authorization", "Bearer " + revokedToken);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).doesNotContain(revokedToken);
        }
    }

    /** A TLS-terminating gateway forwards the client certificate in X-Client-Cert over plain HTTP. */
    @Nested
    class Gateway {

        private final AtomicInteger reached = new AtomicInteger();

        private HttpResponse<String> viaGateway(List<String> trusted, String header) throws Exception {
            Settings.Security security = new Settings.Security(AuthMode.MTLS, false, Optional.empty(), Optional.empty(),
                    Optional.empty(), trusted, "X-Client-Cert");
            WebServer server = serve(ServerTls.from(security, RANDOM),
                    Authenticators.forServer(security, "127.0.0.1", peers), reached);
            try {
                return get(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + server.port() + "/whoami"),
                        "X-Client-Cert", header);
            } finally {
                server.stop();
            }
        }

        /** As nginx's $ssl_client_escaped_cert: every reserved character percent-encoded, a space as %20. */
        private String escaped(TestPki.Identity client) {
            return URLEncoder.encode(client.certificatePem(), StandardCharsets.UTF_8).replace("+", "%20");
        }

        @Test
        void theHeaderFromATrustedProxyNamesThePeer() throws Exception {
            var response = viaGateway(List.of("10.9.0.0/16", "127.0.0.0/8"), escaped(TestPki.client(ca, NODE_A)));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("node-a");
        }

        @Test
        void theHeaderFromAnUntrustedAddressIsIgnored() throws Exception {
            var response = viaGateway(List.of("10.0.0.0/8", "::1"), escaped(TestPki.client(ca, NODE_A)));
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("needs a client certificate");
        }

        @Test
        void aTrustedProxysHeaderForARevokedPeerIs401() throws Exception {
            var response = viaGateway(List.of("127.0.0.1"), escaped(TestPki.client(ca, REVOKED)));
            assertThat(response.statusCode()).isEqualTo(401);
        }

        @Test
        void aTrustedProxysMalformedHeaderIs401NamingTheHeader() throws Exception {
            var response = viaGateway(List.of("127.0.0.1"), "not%20a%20certificate");
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).contains("X-Client-Cert");
        }
    }

    /**
     * Connects, sends a request and reads: empty when the TLS session fails (an alert, a reset or
     * the connection closed) before any HTTP answer; the status line otherwise.
     */
    static Optional<String> httpAnswer(SSLContext context, int port) {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write("GET /whoami HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(12);
            return answer.length == 0 ? Optional.empty() : Optional.of(new String(answer, StandardCharsets.US_ASCII));
        } catch (IOException refused) {
            return Optional.empty();
        }
    }
}
