package io.lightvibes.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lightvibes.service.evidence.AuditReport;
import io.lightvibes.service.evidence.EvidenceVerifier;
import io.lightvibes.service.evidence.HttpEvidenceSource;
import io.lightvibes.service.sealing.HpkeOpener;
import io.lightvibes.service.sealing.KeyFiles;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.UnsealException;
import io.lightvibes.service.secrets.SecretBytes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A LIGHTVIBES service, seen from one peer: opens sessions, fetches keys and unseals them with the
 * peer's recipient private key (which never leaves this process), reads health and checkpoints
 * and audits the evidence log. Thread-safe; close it to release its HTTP client.
 *
 * <p>A 503 (the key source or the store is briefly unavailable; the server changed nothing) is
 * retried after the {@code Retry-After} it names, or with exponential backoff when it names none,
 * at most {@link Builder#maxAttempts(int)} times and never waiting longer than
 * {@link Builder#maxRetryWait(Duration)} at once. Every other failure is a
 * {@link LightvibesException} of the kind the answer was.
 */
public final class LightvibesClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KEY_REF = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    private final URI base;
    private final HttpClient http;
    private final Optional<RecipientPrivateKey> recipientKey;
    private final Map<String, String> credentials;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration maxRetryWait;
    private final Sleeper sleeper;

    private LightvibesClient(Builder builder) {
        String text = Objects.requireNonNull(builder.baseUrl, "baseUrl is required").toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(builder.timeout);
        builder.sslContext.ifPresent(http::sslContext);
        this.http = http.build();
        this.recipientKey = builder.recipientKey.map(KeyFiles::loadPrivateKey);
        this.credentials = builder.token.map(token -> Map.of("Authorization", "Bearer " + token)).orElse(Map.of());
        this.timeout = builder.timeout;
        this.maxAttempts = builder.maxAttempts;
        this.maxRetryWait = builder.maxRetryWait;
        this.sleeper = builder.sleeper;
    }

    /** A builder; {@link Builder#baseUrl} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Opens a session with {@code peerId} under the server's default policy. */
    public Session openSession(String peerId) {
        return openSession(peerId, SessionOptions.DEFAULTS);
    }

    /** Opens a session with {@code peerId}; its key waits, sealed, for each party to fetch once. */
    public Session openSession(String peerId, SessionOptions options) {
        ObjectNode body = JSON.createObjectNode().put("peer_id", Objects.requireNonNull(peerId, "peerId"));
        if (options.minKeybits().isPresent() || options.ttlS().isPresent()) {
            ObjectNode policy = body.putObject("policy");
            options.minKeybits().ifPresent(bits -> policy.put("min_keybits", bits));
            options.ttlS().ifPresent(ttl -> policy.put("ttl_s", ttl));
        }
        body.put("fallback", options.fallback());
        String json = body.toString();
        JsonNode answer = json(send(() -> request("/lightvibes/session").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))));
        JsonNode health = answer.path("health");
        return new Session(text(answer, "session_id"), text(answer, "key_ref"), text(answer, "mode"),
                optionalDouble(health.path("qber")), health.path("rate_bps").asDouble(),
                answer.path("key_bits").asInt(), answer.path("ttl_s").asInt(),
                Instant.parse(text(answer, "expires_at")));
    }

    /**
     * Fetches this client's sealed copy of {@code keyRef} (once: a second fetch is
     * {@link LightvibesException.NotFound}) and opens it with the recipient private key. The caller
     * owns the returned bytes: close them when done.
     *
     * @throws IllegalStateException if the client was built without {@link Builder#recipientKey}
     */
    public SecretBytes fetchKey(String keyRef) {
        RecipientPrivateKey key = recipientKey.orElseThrow(() -> new IllegalStateException(
                "this client has no recipient key: build it with recipientKey(path to recipient.key)"));
        if (keyRef == null || !KEY_REF.matcher(keyRef).matches()) {
            throw new IllegalArgumentException("a key_ref is 1 to 128 of A-Z a-z 0-9 _ -");
        }
        JsonNode answer = json(send(() -> request("/lightvibes/key/" + keyRef).GET()));
        String sealedTo = answer.path("seal").path("recipient_key_id").asText("");
        String ours = key.publicKey().keyId();
        if (!sealedTo.equals(ours)) {
            throw new LightvibesException.Unsealing(String.format(Locale.ROOT,
                    "the key was sealed to recipient key %s, this client holds %s", sealedTo, ours), null);
        }
        try {
            return HpkeOpener.open(key, text(answer, "key_sealed"), keyRef);
        } catch (UnsealException e) {
            throw new LightvibesException.Unsealing("the sealed key does not open with this client's recipient key", e);
        }
    }

    /** The service's health now. */
    public Health health() {
        JsonNode answer = json(send(() -> request("/lightvibes/health").GET()));
        return new Health(text(answer, "mode"), text(answer, "link_state"), optionalDouble(answer.path("qber")),
                answer.path("rate_bps").asDouble(), answer.path("pool_bits").asLong(),
                answer.path("qber_threshold").asDouble(), answer.path("driver").asText(""));
    }

    /** The latest signed checkpoint of the evidence log, as the C2SP signed note the server serves. */
    public String checkpoint() {
        return new String(send(() -> request("/lightvibes/evidence/checkpoint").GET()).body(), StandardCharsets.UTF_8);
    }

    /** {@link #verifyEvidence(List, Optional)} trusting the log's first key on first use. */
    public AuditReport verifyEvidence() {
        return verifyEvidence(List.of(), Optional.empty());
    }

    /**
     * Audits the whole evidence log as {@code lightvibes evidence verify --url} does: every entry
     * and checkpoint in log order, signatures against {@code trustedKeys} (verifier key texts from
     * {@code GET /lightvibes/evidence/key}, pinned beforehand), and consistency with a checkpoint
     * saved earlier. A broken log is a failed report, not an exception.
     */
    public AuditReport verifyEvidence(List<String> trustedKeys, Optional<String> savedCheckpoint) {
        try (var source = new HttpEvidenceSource(base, http, timeout, credentials)) {
            return EvidenceVerifier.verify(source, trustedKeys, savedCheckpoint);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                .header("Accept", "application/json");
        credentials.forEach(request::header);
        return request;
    }

    /** Sends, retrying 503s; returns a 2xx answer or throws the kind of failure it was. */
    private HttpResponse<byte[]> send(Supplier<HttpRequest.Builder> request) {
        for (int attempt = 1; ; attempt++) {
            HttpResponse<byte[]> response = exchange(request.get().build());
            int status = response.statusCode();
            if (status / 100 == 2) {
                return response;
            }
            OptionalInt retryAfter = retryAfter(response);
            if (status == 503 && attempt < maxAttempts) {
                Duration wait = retryAfter.isPresent() ? Duration.ofSeconds(retryAfter.getAsInt())
                        : FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 10));
                if (wait.compareTo(maxRetryWait) <= 0) {
                    sleeper.sleep(wait);
                    continue;
                }
            }
            throw failure(status, response.body(), retryAfter);
        }
    }

    private HttpResponse<byte[]> exchange(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new LightvibesException.Transport("cannot reach LIGHTVIBES at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LightvibesException.Transport("interrupted while talking to LIGHTVIBES at " + base, e);
        }
    }

    private static LightvibesException failure(int status, byte[] body, OptionalInt retryAfter) {
        JsonNode problem = parseOrEmpty(body);
        Optional<String> type = Optional.ofNullable(problem.path("type").textValue());
        String detail = Optional.ofNullable(problem.path("detail").textValue())
                .or(() -> Optional.ofNullable(problem.path("title").textValue()))
                .orElse("HTTP " + status);
        String message = "LIGHTVIBES answered " + status + ": " + detail;
        return switch (status) {
            case 401 -> new LightvibesException.Unauthenticated(type, message);
            case 403 -> new LightvibesException.Forbidden(type, message);
            case 404 -> new LightvibesException.NotFound(type, message);
            case 429 -> new LightvibesException.RateLimited(type, message, retryAfter);
            default -> status >= 500 ? new LightvibesException.Unavailable(status, type, message)
                    : new LightvibesException.Invalid(status, type, message);
        };
    }

    /** RFC 9110 §10.2.3 delay-seconds; the HTTP-date form is not sent by LIGHTVIBES and is ignored. */
    private static OptionalInt retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After")
                .filter(value -> value.matches("[0-9]{1,6}"))
                .map(value -> OptionalInt.of(Integer.parseInt(value)))
                .orElse(OptionalInt.empty());
    }

    private static JsonNode json(HttpResponse<byte[]> response) {
        JsonNode parsed = parseOrEmpty(response.body());
        if (!parsed.isObject()) {
            throw new LightvibesException.Invalid(response.statusCode(), Optional.empty(),
                    "LIGHTVIBES answered with something that is not a JSON object");
        }
        return parsed;
    }

    private static JsonNode parseOrEmpty(byte[] body) {
        try {
            return body.length == 0 ? JSON.missingNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new LightvibesException.Invalid(200, Optional.empty(),
                    "LIGHTVIBES's answer has no \"" + field + "\" string");
        }
        return value.asText();
    }

    private static OptionalDouble optionalDouble(JsonNode value) {
        return value.isNumber() ? OptionalDouble.of(value.asDouble()) : OptionalDouble.empty();
    }

    /** How the client waits between retries (tests replace it). */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration);

        Sleeper REAL = duration -> {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LightvibesException.Transport("interrupted while waiting to retry", e);
            }
        };
    }

    /** Builds a {@link LightvibesClient}. */
    public static final class Builder {

        private URI baseUrl;
        private Optional<Path> recipientKey = Optional.empty();
        private Optional<String> token = Optional.empty();
        private Optional<SSLContext> sslContext = Optional.empty();
        private Duration timeout = Duration.ofSeconds(30);
        private int maxAttempts = 4;
        private Duration maxRetryWait = Duration.ofSeconds(30);
        private Sleeper sleeper = Sleeper.REAL;

        private Builder() {
        }

        /** The service, e.g. {@code https://keys.example:8443}. */
        public Builder baseUrl(String url) {
            return baseUrl(URI.create(url));
        }

        public Builder baseUrl(URI url) {
            this.baseUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** The recipient private key file ({@code recipient.key} from {@code lightvibes keygen}). */
        public Builder recipientKey(Path path) {
            this.recipientKey = Optional.of(path);
            return this;
        }

        /** The bearer token {@code lightvibes peers add} printed, for a server with {@code LIGHTVIBES_AUTH=token}. */
        public Builder token(String bearerToken) {
            this.token = Optional.of(bearerToken);
            return this;
        }

        /** TLS settings: the server's CA and, for {@code LIGHTVIBES_AUTH=mtls}, this peer's certificate. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Optional.of(context);
            return this;
        }

        /** How long connecting, and each request, may take (default 30 s). */
        public Builder timeout(Duration limit) {
            this.timeout = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /** How many times a request is sent while the server answers 503 (default 4; 1: never retry). */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1 || attempts > 20) {
                throw new IllegalArgumentException("maxAttempts is 1 to 20");
            }
            this.maxAttempts = attempts;
            return this;
        }

        /** The longest single wait before a retry (default 30 s); a longer Retry-After ends the retries. */
        public Builder maxRetryWait(Duration limit) {
            this.maxRetryWait = Objects.requireNonNull(limit, "limit");
            return this;
        }

        Builder sleeper(Sleeper replacement) {
            this.sleeper = replacement;
            return this;
        }

        public LightvibesClient build() {
            return new LightvibesClient(this);
        }
    }
}
