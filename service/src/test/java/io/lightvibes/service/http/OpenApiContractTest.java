package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Method;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** {@code openapi.yaml} and the routes stay equal: every documented operation is served and documents its answers. */
@RoutingTest
class OpenApiContractTest {

    private static final ApiFixture API = new ApiFixture();
    private static final Map<String, Object> DOCUMENT = load();
    private final DirectClient client;

    OpenApiContractTest(DirectClient client) {
        this.client = client.clientHost("127.0.0.1");
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        API.routing(routing);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() {
        try {
            return new Yaml().load(Files.readString(Path.of("../openapi.yaml")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Map<String, Object>>> paths() {
        return (Map<String, Map<String, Map<String, Object>>>) DOCUMENT.get("paths");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> responses(Map<String, Object> operation) {
        return (Map<String, Map<String, Object>>) operation.get("responses");
    }

    @Test
    void theDocumentIsOpenApi31() {
        assertThat(DOCUMENT.get("openapi").toString()).startsWith("3.1");
    }

    @Test
    void everyDocumentedOperationIsServedAndAnswersAStatusItDocuments() {
        paths().forEach((path, operations) -> operations.forEach((method, operation) -> {
            String concrete = path.replace("{key_ref}", "A".repeat(32))
                    .replace("{session_id}", UUID.randomUUID().toString());
            concrete += switch (path) {
                case "/lightvibes/evidence/proof/inclusion" -> "?index=0&tree_size=1";
                case "/lightvibes/evidence/proof/consistency" -> "?first=1&second=1";
                default -> "";
            };
            int status;
            String body;
            var request = client.method(Method.create(method.toUpperCase(Locale.ROOT))).path(concrete.split("\\?")[0]);
            if (concrete.contains("?")) {
                for (String pair : concrete.substring(concrete.indexOf('?') + 1).split("&")) {
                    request.queryParam(pair.split("=")[0], pair.split("=")[1]);
                }
            }
            if (method.equals("post")) {
                request.contentType(MediaTypes.APPLICATION_JSON);
            }
            try (var response = method.equals("post") ? request.submit(examplePost(path)) : request.request()) {
                status = response.status().code();
                body = response.entity().hasEntity() ? response.as(String.class) : "";
            }
            String where = method.toUpperCase(Locale.ROOT) + " " + path + " answered " + status + " " + body;
            assertThat(status).as(where).isNotEqualTo(405);
            assertThat(body).as(where).doesNotContain("\"type\":\"about:blank\",\"title\":\"Not Found\"");
            assertThat(responses(operation)).as(where).containsKey(Integer.toString(status));
        }));
    }

    private static String examplePost(String path) {
        return switch (path) {
            case "/lightvibes/session" -> "{\"peer_id\": \"contract\"}";
            case "/lightvibes/admin/link" -> "{\"restore\": true}";
            default -> "";
        };
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyErrorStatusHasAProblemExampleWithThatStatus() {
        paths().forEach((path, operations) -> operations.forEach((method, operation) ->
                responses(operation).forEach((status, response) -> {
                    assertThat(response.get("description")).as(method + " " + path + " " + status).isNotNull();
                    if (!status.startsWith("4") && !status.startsWith("5")) {
                        return;
                    }
                    var content = (Map<String, Map<String, Object>>) response.get("content");
                    if (path.equals("/readyz")) {
                        assertThat(((Map<String, Object>) content.get("application/json").get("example")).get("status"))
                                .isNotNull();
                        return;
                    }
                    var example = (Map<String, Object>) content.get("application/problem+json").get("example");
                    assertThat(example.get("status")).as(method + " " + path + " " + status)
                            .isEqualTo(Integer.parseInt(status));
                })));
    }

    @Test
    void theSeedsTwoOperationsKeepTheirFields() {
        @SuppressWarnings("unchecked")
        var schemas = (Map<String, Map<String, Object>>) ((Map<String, Object>) DOCUMENT.get("components")).get("schemas");
        @SuppressWarnings("unchecked")
        List<String> created = (List<String>) schemas.get("SessionCreated").get("required");
        assertThat(created).contains("session_id", "key_ref", "health", "mode");
        @SuppressWarnings("unchecked")
        List<String> delivered = (List<String>) schemas.get("KeyDelivery").get("required");
        assertThat(delivered).contains("key_ref", "key_sealed", "ttl_s", "mode");
    }
}
