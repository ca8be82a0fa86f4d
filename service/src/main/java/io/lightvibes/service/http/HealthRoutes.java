package io.lightvibes.service.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.link.LinkControl;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The link's health and the mode a new session would get ({@code /lightvibes/health}), and the probes. */
public final class HealthRoutes implements HttpService {

    private final KeyService service;
    private final LinkControl link;

    public HealthRoutes(KeyService service, LinkControl link) {
        this.service = Objects.requireNonNull(service, "service");
        this.link = Objects.requireNonNull(link, "link");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/lightvibes/health", this::health)
                .any("/lightvibes/health", MethodNotAllowed.allowing("GET"))
                .get("/healthz", this::liveness)
                .get("/readyz", this::readiness);
    }

    /** {@code curl -s 127.0.0.1:8000/lightvibes/health} */
    private void health(ServerRequest req, ServerResponse res) {
        Responses.json(res, Status.OK_200, Views.serviceHealth(service.health(), link));
    }

    /** {@code curl -s 127.0.0.1:8000/healthz}: the process answers. */
    private void liveness(ServerRequest req, ServerResponse res) {
        Responses.json(res, Status.OK_200, status("ok", Map.of()));
    }

    /** {@code curl -s 127.0.0.1:8000/readyz}: the key store answers. */
    private void readiness(ServerRequest req, ServerResponse res) {
        boolean store = service.storeReady();
        Responses.json(res, store ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
                status(store ? "ready" : "not ready", Map.of("store", store)));
    }

    private static Map<String, Object> status(String status, Map<String, Boolean> checks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("checks", checks);
        return body;
    }
}
