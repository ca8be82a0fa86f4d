package io.lightvibes.service.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import io.helidon.webserver.WebServer;
import io.lightvibes.service.Assembly;
import io.lightvibes.service.config.SettingsLoader;
import io.lightvibes.service.fuzz.OpenApiSpec.Answer;
import io.lightvibes.service.fuzz.OpenApiSpec.Operation;
import io.lightvibes.service.fuzz.OpenApiSpec.Parameter;
import io.lightvibes.service.sealing.KeyFiles;
import io.lightvibes.service.sealing.SealSuite;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Requests generated from {@code openapi.yaml} against the real service (SQLite, evidence log,
 * sealing; the QKD link off): well-formed ones, ones at and past every documented bound, wrong
 * types, unknown fields, malformed JSON, bodies over the limit and wrong content types. No answer
 * may be a 5xx the operation does not document, carry a status it does not document, or have a
 * body its documented JSON Schema refuses.
 */
class OpenApiFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OpenApiSpec SPEC = OpenApiSpec.load();
    /**
     * Statuses any route may give for a request that never reached it: Helidon's own refusals of
     * a bad request line or path (400), an unmatched route (404), another method (405), a request
     * line over its limit (414).
     */
    private static final List<Integer> ROUTING_STATUSES = List.of(400, 404, 405, 414);

    private static Path state;
    private static Assembly assembly;
    private static WebServer server;
    private static HttpClient http;
    /** key_refs and session_ids the service handed out, so later requests also hit real ones. */
    private static final List<String> KEY_REFS = new CopyOnWriteArrayList<>(List.of("kr_none"));
    private static final List<String> SESSION_IDS = new CopyOnWriteArrayList<>(
            List.of("00000000-0000-4000-8000-000000000000"));

    /** One generated request. */
    record Call(Operation operation, String pathAndQuery, Optional<String> contentType, byte[] body) {
        @Override
        public String toString() {
            String shown = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            String target = pathAndQuery.length() > 200 ? pathAndQuery.substring(0, 200) + "..." : pathAndQuery;
            return operation.method() + " " + target + " [" + contentType.orElse("-") + "] " + shown;
        }
    }

    @BeforeContainer
    static void start() throws IOException {
        state = Files.createTempDirectory("lightvibes-fuzz");
        KeyFiles.writeKeyPair(state, SealSuite.X25519, false, new SecureRandom());
        assembly = Assembly.open(SettingsLoader.load(Map.of(
                "LIGHTVIBES_STATE_DIR", state.toString(),
                "LIGHTVIBES_PORT", "0",
                "LIGHTVIBES_DRIVER", "java",
                "LIGHTVIBES_LINK_ENABLED", "false",
                "LIGHTVIBES_SQLITE_SYNCHRONOUS", "NORMAL"), state.resolve("no.env")));
        server = assembly.serve();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterContainer
    static void stop() {
        http.close();
        server.stop();
        assembly.close();
    }

    @Property(tries = 1500, seed = "20261201")
    void noAnswerBreaksTheContract(@ForAll("calls") Call call) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + call.pathAndQuery())).timeout(Duration.ofSeconds(20));
        call.contentType().ifPresent(type -> request.header("Content-Type", type));
        request.method(call.operation().method(), call.body().length == 0 && call.contentType().isEmpty()
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(call.body()));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        remember(response);

        Answer answer = call.operation().answers().get(status);
        assertThat(status >= 500 && answer == null).as("an undocumented %d for %s: %s", status, call, response.body())
                .isFalse();
        if (answer == null) {
            assertThat(ROUTING_STATUSES).as("status %d is not documented for %s: %s", status, call, response.body())
                    .contains(status);
            assertThat(response.headers().firstValue("Content-Type")).as("%s", call).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            return;
        }
        if (answer.mediaType().isEmpty()) {
            assertThat(response.body()).as("%d has no body in the spec (%s)", status, call).isEmpty();
            return;
        }
        String mediaType = answer.mediaType().get();
        assertThat(response.headers().firstValue("Content-Type")).as("%s", call)
                .hasValueSatisfying(type -> assertThat(type).startsWith(mediaType));
        if (answer.schema().isPresent() && mediaType.contains("json")) {
            List<Error> errors = answer.schema().get().validate(response.body(), InputFormat.JSON);
            assertThat(errors).as("%d body of %s against its schema: %s", status, call, response.body()).isEmpty();
        }
    }

    @Example
    void whatHelidonRefusesBeforeRoutingIsAProblemDocumentToo() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/lightvibes/health?x=" + "a".repeat(20_000))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(414);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(414);
        assertThat(problem.path("detail").asText()).contains("longer than LIGHTVIBES accepts").doesNotContain("aaaa");
    }

    private static void remember(HttpResponse<String> response) {
        if (response.statusCode() != 201 || KEY_REFS.size() > 200) {
            return;
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body.hasNonNull("key_ref")) {
                KEY_REFS.add(body.get("key_ref").asText());
                SESSION_IDS.add(body.get("session_id").asText());
            }
        } catch (IOException ignored) {
            // not a session; nothing to remember
        }
    }

    @Provide
    Arbitrary<Call> calls() {
        SchemaValues values = new SchemaValues(SPEC);
        List<Arbitrary<Call>> perOperation = new ArrayList<>();
        for (Operation operation : SPEC.operations) {
            perOperation.add(Combinators.combine(pathAndQuery(operation), body(operation, values))
                    .as((target, body) -> new Call(operation, target, body.get1(), body.get2())));
        }
        return Arbitraries.oneOf(perOperation);
    }

    private static Arbitrary<String> pathAndQuery(Operation operation) {
        Arbitrary<String> target = Arbitraries.just(operation.path());
        for (Parameter parameter : operation.parameters()) {
            Arbitrary<String> value = parameterValue(parameter);
            if (parameter.in().equals("path")) {
                target = Combinators.combine(target, value)
                        .as((path, v) -> path.replace("{" + parameter.name() + "}", encode(v)));
            } else if (parameter.in().equals("query")) {
                Arbitrary<String> present = value.map(v -> parameter.name() + "=" + encode(v));
                Arbitrary<String> maybe = parameter.required() ? Arbitraries.frequencyOf(Tuple.of(9, present),
                        Tuple.of(1, Arbitraries.just(""))) : Arbitraries.oneOf(present, Arbitraries.just(""));
                target = Combinators.combine(target, maybe).as((path, q) -> q.isEmpty() ? path
                        : path + (path.contains("?") ? "&" : "?") + q);
            }
        }
        return target;
    }

    private static Arbitrary<String> parameterValue(Parameter parameter) {
        Arbitrary<String> numbers = Arbitraries.oneOf(Arbitraries.longs().between(-3, 50).map(String::valueOf),
                Arbitraries.of("9223372036854775807", "9223372036854775808", "-1", "1e3", "0x10", " 1", "01"));
        Arbitrary<String> real = switch (parameter.name()) {
            case "key_ref" -> Arbitraries.of(KEY_REFS).injectDuplicates(0.5);
            case "session_id" -> Arbitraries.of(SESSION_IDS);
            default -> numbers;
        };
        return Arbitraries.frequencyOf(Tuple.of(6, real), Tuple.of(4, SchemaValues.trickyStrings()));
    }

    private static Arbitrary<Tuple.Tuple2<Optional<String>, byte[]>> body(Operation operation, SchemaValues values) {
        if (operation.requestSchema().isEmpty()) {
            return Arbitraries.just(Tuple.of(Optional.empty(), new byte[0]));
        }
        Arbitrary<Tuple.Tuple2<Optional<String>, byte[]>> shaped = values.valuesOf(operation.requestSchema().get())
                .map(value -> Tuple.of(Optional.of("application/json"),
                        SchemaValues.text(value).getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.frequencyOf(
                Tuple.of(80, shaped),
                Tuple.of(7, Arbitraries.of("{", "{\"peer_id\": }", "[1,", "nul", "{\"a\":1}}", "\"x\"", "\uFEFF{}",
                        "{\"peer_id\":\"a\",\"peer_id\":\"b\"}").map(text -> Tuple.of(Optional.of("application/json"),
                        text.getBytes(StandardCharsets.UTF_8)))),
                Tuple.of(3, Arbitraries.just(Tuple.of(Optional.of("application/json"),
                        ("{\"peer_id\":\"" + "a".repeat(70_000) + "\"}").getBytes(StandardCharsets.UTF_8)))),
                Tuple.of(5, Arbitraries.of("text/plain", "application/x-www-form-urlencoded", "application/jsonx",
                        "application/json; charset=latin1").map(type -> Tuple.of(Optional.of(type),
                        "{\"peer_id\":\"node-b\"}".getBytes(StandardCharsets.UTF_8)))),
                Tuple.of(5, Arbitraries.just(Tuple.of(Optional.of("application/json"), new byte[0]))));
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    private static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
