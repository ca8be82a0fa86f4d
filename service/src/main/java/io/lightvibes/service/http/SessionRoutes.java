package io.lightvibes.service.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightvibes.service.identity.Callers;
import io.lightvibes.service.keys.IssuedSession;
import io.lightvibes.service.keys.KeyService;
import java.util.Objects;

/** Sessions: open one, look at it, revoke it. Mounted at {@code /lightvibes}. */
public final class SessionRoutes implements HttpService {

    private final KeyService service;
    private final ServiceMetrics metrics;

    public SessionRoutes(KeyService service, ServiceMetrics metrics) {
        this.service = Objects.requireNonNull(service, "service");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/session", this::open)
                .any("/session", MethodNotAllowed.allowing("POST"))
                .get("/session/{session_id}", this::show)
                .delete("/session/{session_id}", this::revoke)
                .any("/session/{session_id}", MethodNotAllowed.allowing("GET, DELETE"));
    }

    /**
     * {@code curl -s -X POST 127.0.0.1:8000/lightvibes/session -H 'content-type: application/json'
     * -d '{"peer_id": "node-b", "policy": {"min_keybits": 256, "ttl_s": 120}, "fallback": "PQC"}'}
     */
    private void open(ServerRequest req, ServerResponse res) {
        IssuedSession issued = service.openSession(SessionRequestParser.parse(Bodies.json(req)), Callers.of(req));
        metrics.sessionOpened(issued.mode());
        Responses.json(res, Status.CREATED_201, Views.sessionCreated(issued));
    }

    /** {@code curl -s 127.0.0.1:8000/lightvibes/session/SESSION_ID} */
    private void show(ServerRequest req, ServerResponse res) {
        String sessionId = req.path().pathParameters().get("session_id");
        Responses.json(res, Status.OK_200, Views.session(service.session(sessionId, Callers.of(req))));
    }

    /** {@code curl -s -X DELETE 127.0.0.1:8000/lightvibes/session/SESSION_ID} */
    private void revoke(ServerRequest req, ServerResponse res) {
        service.revoke(req.path().pathParameters().get("session_id"), Callers.of(req));
        res.status(Status.NO_CONTENT_204).send();
    }
}
