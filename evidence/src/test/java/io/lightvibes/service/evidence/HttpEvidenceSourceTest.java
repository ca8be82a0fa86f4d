package io.lightvibes.service.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpEvidenceSource} against a loopback server that answers the prototype's evidence
 * routes, in small pages, from an honest or a tampered log.
 */
class HttpEvidenceSourceTest {

    static final int PAGE = 7;
    static final ObjectMapper JSON = new ObjectMapper();

    final AuditStory story = AuditStory.standard();
    final AtomicInteger requests = new AtomicInteger();
    HttpServer server;

    /** Serves {@code entries} and {@code checkpoints}; {@code tamper} may rewrite each entries page. */
    URI serve(List<byte[]> entries, List<String> checkpoints, UnaryOperator<Map<String, Object>> tamper) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/lightvibes/evidence/checkpoints", exchange -> {
            int start = Integer.parseInt(query(exchange).getOrDefault("start", "0"));
            List<Map<String, Object>> page = new ArrayList<>();
            for (int i = start; i < Math.min(start + PAGE, checkpoints.size()); i++) {
                page.add(Map.of("tree_size", 0, "note", checkpoints.get(i), "created_at", 1_700_000_000_000_000L));
            }
            answer(exchange, 200, Map.of("start", start, "checkpoints", page));
        });
        server.createContext("/lightvibes/evidence/entries", exchange -> {
            Map<String, String> query = query(exchange);
            int start = Integer.parseInt(query.getOrDefault("start", "0"));
            int end = Math.min(Integer.parseInt(query.getOrDefault("end", String.valueOf(entries.size()))), entries.size());
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = start; i < Math.min(start + PAGE, end); i++) {
                items.add(Map.of("index", i, "data", Base64.getEncoder().encodeToString(entries.get(i))));
            }
            Map<String, Object> body = new LinkedHashMap<>(Map.of("tree_size", entries.size(), "entries", items));
            answer(exchange, 200, tamper.apply(body));
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    URI serve(List<byte[]> entries, List<String> checkpoints) throws IOException {
        return serve(entries, checkpoints, UnaryOperator.identity());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    void answer(HttpExchange exchange, int status, Object body) throws IOException {
        requests.incrementAndGet();
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> values = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] parts = pair.split("=", 2);
                values.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
        }
        return values;
    }

    @Test
    void honestServerAuditsCleanReadingEveryPage() throws IOException {
        URI base = serve(story.entries(), story.checkpoints());
        try (HttpEvidenceSource source = HttpEvidenceSource.of(base)) {
            assertThat(source.checkpoints()).isEqualTo(story.checkpoints());
            List<byte[]> read = new ArrayList<>();
            source.entries().forEachRemaining(read::add);
            assertThat(read).usingElementComparator(java.util.Arrays::compare).isEqualTo(story.entries());
            AuditReport report = EvidenceVerifier.verify(source, List.of(story.signers().get(0).verifierKey()), Optional.empty());
            assertThat(report.ok()).as(report.verdict()).isTrue();
            assertThat(report.verdict()).startsWith("OK: 22 entries, 7 checkpoints");
        }
        // Each of the two reads: 7 checkpoints are a full page and an empty one; 22 entries are pages
        // of 7, 7, 7 and 1, after which tree_size says there is nothing more to ask for.
        assertThat(requests.get()).isEqualTo(2 * (2 + 4));
    }

    @Test
    void aTamperedServerFailsTheAudit() throws IOException {
        List<byte[]> entries = story.entriesCopy();
        entries.set(7, AuditStory.event(7, "-rewritten"));
        try (HttpEvidenceSource source = HttpEvidenceSource.of(serve(entries, story.checkpoints()))) {
            AuditReport report = EvidenceVerifier.verify(source, List.of(), Optional.empty());
            assertThat(report.firstBad()).contains("checkpoint 1 (size 8)");
        }
    }

    @Test
    void aSavedCheckpointCatchesARollback() throws IOException {
        try (HttpEvidenceSource source = HttpEvidenceSource.of(
                serve(story.entries().subList(0, 12), story.checkpoints().subList(0, 4)))) {
            AuditReport report = EvidenceVerifier.verify(source, List.of(), Optional.of(story.checkpoints().get(6)));
            assertThat(report.firstBad()).contains("since (size 22)");
        }
    }

    @Test
    void aServerThatDoesNotAnswerAsDocumentedIsASourceFailure() throws IOException {
        URI wrongIndex = serve(story.entries(), story.checkpoints(), body -> {
            body.put("entries", List.of(Map.of("index", 99, "data", "AA==")));
            return body;
        });
        try (HttpEvidenceSource source = HttpEvidenceSource.of(wrongIndex)) {
            assertThatThrownBy(() -> EvidenceVerifier.verify(source, List.of(), Optional.empty()))
                    .isInstanceOf(EvidenceSourceException.class).hasMessageContaining("expected entry 0");
        }
        stop();
        URI notBase64 = serve(story.entries(), story.checkpoints(), body -> {
            body.put("entries", List.of(Map.of("index", 0, "data", "not base64!")));
            return body;
        });
        try (HttpEvidenceSource source = HttpEvidenceSource.of(notBase64)) {
            assertThatThrownBy(() -> source.entries().next()).hasMessageContaining("not standard base64");
        }
    }

    @Test
    void errorsAndUnreachableServersAreSourceFailures() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "{\"detail\":\"The evidence log is turned off\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        try (HttpEvidenceSource source = HttpEvidenceSource.of(base)) {
            assertThatThrownBy(source::checkpoints).isInstanceOf(EvidenceSourceException.class)
                    .hasMessageContaining("/lightvibes/evidence/checkpoints?start=0 answered 404")
                    .hasMessageContaining("turned off");
        }
        int port = server.getAddress().getPort();
        stop();
        server = null;
        try (HttpEvidenceSource source = HttpEvidenceSource.of(URI.create("http://127.0.0.1:" + port))) {
            assertThatThrownBy(source::checkpoints).isInstanceOf(EvidenceSourceException.class).hasMessageContaining("cannot read");
        }
    }

    @Test
    void aMalformedTrustedKeyIsRefusedBeforeAnyRequest() throws IOException {
        try (HttpEvidenceSource source = HttpEvidenceSource.of(serve(story.entries(), story.checkpoints()))) {
            assertThatThrownBy(() -> EvidenceVerifier.verify(source, List.of("nonsense"), Optional.empty()))
                    .isInstanceOf(MalformedEvidenceException.class);
        }
        assertThat(requests.get()).isZero();
    }
}
