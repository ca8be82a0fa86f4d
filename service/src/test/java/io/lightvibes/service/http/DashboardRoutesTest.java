package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.HeaderNames;
import io.helidon.metrics.api.Metrics;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.DirectClient;
import io.helidon.webserver.testing.junit5.RoutingTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import io.lightvibes.service.Main;
import io.lightvibes.service.identity.Principal;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The page and its files come from the jar; only listed files; the drill shows for admins only. */
@RoutingTest
class DashboardRoutesTest {

    private static final ApiFixture API = new ApiFixture();
    private final DirectClient client;

    DashboardRoutesTest(DirectClient client) {
        this.client = client;
    }

    /** Callers sending {@code x-test-viewer} are a peer without roles; the others the local admin. */
    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        Main.routing(routing, new Main.Parts(API.keys, ApiFixture.control(API.link), Optional.empty(),
                new ServiceMetrics(Metrics.globalRegistry()), false,
                request -> request.headers().contains(HeaderNames.create("x-test-viewer"))
                        ? Principal.peer("viewer-1", Set.of()) : Principal.local(),
                io.lightvibes.service.guard.Guard.defaults(java.time.Clock.systemUTC(), 120)));
    }

    @Test
    void thePageShowsTheDrillToAdminsOnly() {
        try (var response = client.get("/").request()) {
            assertThat(response.status().code()).isEqualTo(200);
            assertThat(response.headers().first(HeaderNames.CONTENT_TYPE)).contains("text/html; charset=utf-8");
            assertThat(response.headers().first(HeaderNames.create("Content-Security-Policy")))
                    .contains(DashboardRoutes.CONTENT_SECURITY_POLICY);
            String page = response.as(String.class);
            assertThat(page).contains("data-admin=\"true\"").contains("data-caller=\"local\"")
                    .contains("/web/uPlot.iife.min.js").doesNotContain("{{").doesNotContain("http://")
                    .doesNotContain("https://");
        }
        try (var response = client.get("/").header(HeaderNames.create("x-test-viewer"), "1").request()) {
            assertThat(response.as(String.class)).contains("data-admin=\"false\"").contains("viewer-1");
        }
    }

    @Test
    void everyListedFileIsServedWithItsType() {
        DashboardRoutes.FILES.forEach((name, type) -> {
            try (var response = client.get("/web/" + name).request()) {
                assertThat(response.status().code()).as(name).isEqualTo(200);
                assertThat(response.headers().first(HeaderNames.CONTENT_TYPE)).as(name).contains(type);
                assertThat(response.headers().first(HeaderNames.X_CONTENT_TYPE_OPTIONS)).contains("nosniff");
                assertThat(response.as(String.class)).as(name).isNotBlank();
            }
        });
        try (var response = client.get("/web/uPlot.LICENSE").request()) {
            assertThat(response.as(String.class)).contains("MIT License").contains("Leon Sorokin");
        }
    }

    @Test
    void anythingElseIsAProblem404() {
        for (String path : new String[] {"/web/index.html", "/web/..%2Fapplication.yaml", "/web/dashboard.JS",
            "/web/", "/index.html"}) {
            try (var response = client.get(path).request()) {
                assertThat(response.status().code()).as(path).isEqualTo(404);
                assertThat(response.headers().first(HeaderNames.CONTENT_TYPE)).as(path).contains(Problem.MEDIA_TYPE);
            }
        }
        try (var response = client.post("/").submit("")) {
            assertThat(response.status().code()).isEqualTo(405);
        }
    }
}
