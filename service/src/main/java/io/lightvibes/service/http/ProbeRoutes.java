package io.lightvibes.service.http;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** Liveness for orchestrators: {@code curl -s 127.0.0.1:8000/healthz}. */
public final class ProbeRoutes implements HttpService {

    @Override
    public void routing(HttpRules rules) {
        rules.get("/healthz", this::healthz);
    }

    private void healthz(ServerRequest request, ServerResponse response) {
        response.header("Content-Type", "application/json").send("{\"status\":\"ok\",\"checks\":{}}");
    }
}
