package io.lightvibes.service.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightvibes.service.guard.Action;
import io.lightvibes.service.guard.Guard;
import io.lightvibes.service.guard.RequestContext;
import io.lightvibes.service.guard.Resource;
import io.lightvibes.service.identity.Callers;
import io.lightvibes.service.keys.IssuedSession;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.keys.SessionRequest;
import java.util.Objects;

/** Sessions: open one, look at it, revoke it. Mounted at {@code /lightvibes}. */
public final class SessionRoutes implements HttpService {

    private final KeyService service;
    private final ServiceMetrics metrics;
    private final Guard guard;

    public SessionRoutes(KeyService service, ServiceMetrics metrics, Guard guard) {
        this.service = Objects.requireNonNull(service, "service");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.guard = Objects.requireNonNull(guard, "guard");
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
        SessionRequest request = SessionRequestParser.parse(Bodies.json(req));
        guard.check(Callers.of(req), Action.CREATE_SESSION, Resource.NEW_SESSION, RequestContext.of(req, request));
        IssuedSession issued = service.openSession(request, Callers.of(req));
        metrics.sessionOpened(issued.mode());
        Responses.json(res, Status.CREATED_201, Views.sessionCreated(issued));
    }

    /** {@code curl -s 127.0.0.1:8000/lightvibes/session/SESSION_ID} */
    private void show(ServerRequest req, ServerResponse res) {
        String sessionId = req.path().pathParameters().get("session_id");
        guard.check(Callers.of(req), Action.READ_SESSION, Resource.session(sessionId), RequestContext.of(req));
        Responses.json(res, Status.OK_200, Views.session(service.session(sessionId, Callers.of(req))));
    }

    /** {@code curl -s -X DELETE 127.0.0.1:8000/lightvibes/session/SESSION_ID} */
    private void revoke(ServerRequest req, ServerResponse res) {
        String sessionId = req.path().pathParameters().get("session_id");
        guard.check(Callers.of(req), Action.REVOKE_SESSION, Resource.session(sessionId), RequestContext.of(req));
        service.revoke(sessionId, Callers.of(req));
        res.status(Status.NO_CONTENT_204).send();
    }
}
