package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;

/** A store that cannot be reached answers 503 with Retry-After, and nothing is half written. */
@RoutingTest
class StoreDownTest {

    private static final ApiFixture API = new ApiFixture();
    private final DirectClient client;

    StoreDownTest(DirectClient client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        API.routing(routing);
    }

    @Test
    void storeDownIs503AndNothingHalfWritten() {
        API.store.available = false;
        try (var response = client.post("/lightvibes/session").contentType(MediaTypes.APPLICATION_JSON)
                .submit("{\"peer_id\": \"a\"}")) {
            assertThat(response.status().code()).isEqualTo(503);
            assertThat(response.headers().first(HeaderNames.CONTENT_TYPE)).contains(Problem.MEDIA_TYPE);
            assertThat(response.headers().first(HeaderNames.RETRY_AFTER)).contains("2");
            assertThat(response.as(String.class)).doesNotContain("the test store is down");
        }
        try (var response = client.get("/lightvibes/key/" + "A".repeat(32)).request()) {
            assertThat(response.status().code()).isEqualTo(503);
        }
        try (var response = client.get("/readyz").request()) {
            assertThat(response.status().code()).isEqualTo(503);
            assertThat(response.as(String.class)).isEqualTo("{\"status\":\"not ready\",\"checks\":{\"store\":false}}");
        }
        assertThat(API.store.sessions).isEmpty();
        assertThat(API.store.sealedKeys).isEmpty();
    }
}
