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
import io.lightvibes.service.keys.DeliveredKey;
import io.lightvibes.service.keys.KeyService;
import java.util.Objects;

/** Keys: fetch a session's sealed key exactly once. Mounted at {@code /lightvibes}. */
public final class KeyRoutes implements HttpService {

    private final KeyService service;
    private final ServiceMetrics metrics;
    private final Guard guard;

    public KeyRoutes(KeyService service, ServiceMetrics metrics, Guard guard) {
        this.service = Objects.requireNonNull(service, "service");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/key/{key_ref}", this::fetch)
                .any("/key/{key_ref}", MethodNotAllowed.allowing("GET"));
    }

    /** {@code curl -s 127.0.0.1:8000/lightvibes/key/KEY_REF | lightvibes unseal --key .lightvibes/recipient.key} */
    private void fetch(ServerRequest req, ServerResponse res) {
        String keyRef = req.path().pathParameters().get("key_ref");
        guard.check(Callers.of(req), Action.FETCH_KEY, Resource.key(keyRef), RequestContext.of(req));
        DeliveredKey key = service.deliver(keyRef, Callers.of(req));
        metrics.keyDelivered(key.mode());
        Responses.json(res, Status.OK_200, Views.keyDelivery(key));
    }
}
