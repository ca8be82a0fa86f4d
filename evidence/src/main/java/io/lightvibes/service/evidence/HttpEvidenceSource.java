package io.lightvibes.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Reads a log from a running LIGHTVIBES over its evidence routes, a page at a time:
 * {@code GET /lightvibes/evidence/checkpoints?start=} ({@code {"start", "checkpoints": [{"tree_size",
 * "note", "created_at"}]}}) until a page is empty, then {@code GET /lightvibes/evidence/entries?start=&end=}
 * ({@code {"tree_size", "entries": [{"index", "data"}]}}, data the base64 of the exact leaf bytes)
 * up to the tree size the first page reported.
 */
public final class HttpEvidenceSource implements EvidenceSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROUTES = "/lightvibes/evidence/";

    private final URI base;
    private final HttpClient client;
    private final Duration timeout;
    private final Map<String, String> headers;
    private final boolean ownsClient;

    /**
     * @param base the server, e.g. {@code http://127.0.0.1:8000}
     * @param client the HTTP client to send with (the caller's: {@link #close} leaves it open)
     * @param timeout how long one request may take
     */
    public HttpEvidenceSource(URI base, HttpClient client, Duration timeout) {
        this(base, client, timeout, Map.of(), false);
    }

    /**
     * A source that sends {@code headers} with every request too (e.g. {@code Authorization} for a
     * server that authenticates its readers).
     */
    public HttpEvidenceSource(URI base, HttpClient client, Duration timeout, Map<String, String> headers) {
        this(base, client, timeout, headers, false);
    }

    private HttpEvidenceSource(URI base, HttpClient client, Duration timeout, Map<String, String> headers,
            boolean ownsClient) {
        String text = Objects.requireNonNull(base, "base").toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.headers = Map.copyOf(headers);
        this.ownsClient = ownsClient;
    }

    /** A source for {@code base} with a client of its own (closed with the source) and a minute per request. */
    public static HttpEvidenceSource of(URI base) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return new HttpEvidenceSource(base, client, Duration.ofSeconds(60), Map.of(), true);
    }

    @Override
    public List<String> checkpoints() {
        List<String> notes = new ArrayList<>();
        while (true) {
            String path = "checkpoints?start=" + notes.size();
            JsonNode page = get(path);
            JsonNode items = page.get("checkpoints");
            if (items == null || !items.isArray()) {
                throw notAsDocumented(path, "no \"checkpoints\" array");
            }
            if (items.isEmpty()) {
                return List.copyOf(notes);
            }
            for (JsonNode item : items) {
                JsonNode note = item.get("note");
                if (note == null || !note.isTextual()) {
                    throw notAsDocumented(path, "a checkpoint without a \"note\" string");
                }
                notes.add(note.asText());
            }
        }
    }

    @Override
    public Iterator<byte[]> entries() {
        return new Pages();
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    /** The entries page by page; the first page fixes how many to read. */
    private final class Pages implements Iterator<byte[]> {

        private final List<byte[]> page = new ArrayList<>();
        private int position;
        private long next;
        private long end = -1;
        private boolean done;

        @Override
        public boolean hasNext() {
            if (position < page.size()) {
                return true;
            }
            if (!done) {
                fetch();
            }
            return position < page.size();
        }

        @Override
        public byte[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more entries");
            }
            return page.get(position++);
        }

        private void fetch() {
            page.clear();
            position = 0;
            if (end >= 0 && next >= end) {
                done = true;
                return;
            }
            String path = "entries?start=" + next + (end >= 0 ? "&end=" + end : "");
            JsonNode body = get(path);
            JsonNode items = body.get("entries");
            if (items == null || !items.isArray() || !body.path("tree_size").canConvertToExactIntegral()) {
                throw notAsDocumented(path, "expected {\"tree_size\", \"entries\": [...]}");
            }
            if (end < 0) {
                end = body.get("tree_size").asLong();
            }
            for (JsonNode item : items) {
                JsonNode index = item.path("index");
                if (!index.isIntegralNumber() || index.asLong() != next || !item.path("data").isTextual()) {
                    throw notAsDocumented(path, "expected entry " + next + " as {\"index\", \"data\"}");
                }
                byte[] data = NoteText.strictBase64(item.get("data").asText())
                        .orElseThrow(() -> notAsDocumented(path, "entry " + next + " is not standard base64"));
                page.add(data);
                next++;
            }
            done = items.isEmpty();
        }
    }

    private JsonNode get(String path) {
        URI uri = base.resolve(base.getPath() + ROUTES + path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        headers.forEach(builder::header);
        HttpRequest request = builder.GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException error) {
            throw new EvidenceSourceException("cannot read " + uri + ": " + error.getMessage(), error);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new EvidenceSourceException("interrupted while reading " + uri, interrupted);
        }
        if (response.statusCode() != 200) {
            String detail = response.body().length() > 200 ? response.body().substring(0, 200) : response.body();
            throw new EvidenceSourceException(
                    "GET " + uri + " answered " + response.statusCode() + ": " + detail.strip(), null);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException error) {
            throw notAsDocumented(path, "not JSON");
        }
    }

    private EvidenceSourceException notAsDocumented(String path, String problem) {
        return new EvidenceSourceException(
                "GET " + base + ROUTES + path + " did not answer as documented: " + problem, null);
    }
}
