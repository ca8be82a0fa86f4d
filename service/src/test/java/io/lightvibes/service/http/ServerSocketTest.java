package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.Metrics;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import io.lightvibes.service.guard.Guard;
import io.lightvibes.service.identity.Authenticator;
import io.lightvibes.service.Main;
import org.junit.jupiter.api.Test;

/** The whole server over a real socket: the routes, Helidon's observers and the OpenAPI document. */
@ServerTest
class ServerSocketTest {

    private static final ApiFixture API = new ApiFixture();
    private final Http1Client client;

    ServerSocketTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Main.configure(server, new Main.Parts(API.keys, ApiFixture.control(API.link), java.util.Optional.empty(),
                new ServiceMetrics(Metrics.globalRegistry()), false, Authenticator.none(),
                Guard.defaults(API.clock, 120)));
    }

    @Test
    void openThenFetchOnceOverTcp() throws Exception {
        String keyRef;
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"peer_id\": \"node-b\"}")) {
            assertThat(response.status().code()).isEqualTo(201);
            keyRef = Json.mapper().readTree(response.as(String.class)).get("key_ref").asText();
        }
        try (var response = client.get("/lightvibes/key/" + keyRef).request()) {
            assertThat(response.status().code()).isEqualTo(200);
        }
        try (var response = client.get("/lightvibes/key/" + keyRef).request()) {
            assertThat(response.status().code()).isEqualTo(404);
        }
    }

    @Test
    void unknownRoutesAndBadRequestsAreProblemsNot500s() {
        try (var response = client.get("/nothing/here").request()) {
            assertThat(response.status().code()).isEqualTo(404);
            assertThat(response.headers().first(HeaderNames.CONTENT_TYPE)).contains(Problem.MEDIA_TYPE);
        }
        try (var response = client.get("/lightvibes/key/%zz").request()) {
            assertThat(response.status().code()).isBetween(400, 404);
        }
    }

    @Test
    void observeHealthAndPrometheusMetricsWithTheServiceMeters() {
        try (var response = client.get("/observe/health").request()) {
            assertThat(response.status().code()).isIn(200, 204);
        }
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"peer_id\": \"metered\"}")) {
            assertThat(response.status().code()).isEqualTo(201);
        }
        try (var response = client.get("/observe/metrics").header(HeaderNames.ACCEPT, "text/plain").request()) {
            assertThat(response.status().code()).isEqualTo(200);
            String text = response.as(String.class);
            assertThat(text).contains("lightvibes_sessions_total{mode=\"PQC\"").contains("lightvibes_deliveries");
            assertThat(text).contains("lightvibes_request_duration_seconds_count{route=\"POST /lightvibes/session\"");
            assertThat(text).doesNotContain("metered");
        }
    }

    @Test
    void openapiIsServedAsYamlAndAsJson() {
        try (var response = client.get("/openapi").request()) {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.as(String.class)).contains("/lightvibes/session").contains("openapi: 3.1");
        }
        try (var response = client.get("/openapi").header(HeaderNames.ACCEPT, "application/json").request()) {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.headers().first(HeaderNames.CONTENT_TYPE).orElse("")).contains("json");
            assertThat(response.as(String.class)).contains("\"/lightvibes/session\"");
        }
    }
}
