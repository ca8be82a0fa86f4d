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
import io.lightvibes.service.link.LinkControl;
import java.util.Objects;

/**
 * Drills and operations on the running link: the guard's {@code AdminLink} action (the default
 * policies: the admin role, and from loopback only when authentication is off). Mounted at
 * {@code /lightvibes/admin}.
 */
public final class AdminRoutes implements HttpService {

    private final LinkControl link;
    private final Guard guard;

    public AdminRoutes(LinkControl link, Guard guard) {
        this.link = Objects.requireNonNull(link, "link");
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/link", this::drill).any("/link", MethodNotAllowed.allowing("POST"));
    }

    /**
     * {@code curl -s -X POST 127.0.0.1:8000/lightvibes/admin/link -H 'content-type: application/json'
     * -d '{"eve_fraction": 0.5}'}; {@code {"eve_fraction": 0, "restore": true}} lifts the quarantine.
     */
    private void drill(ServerRequest req, ServerResponse res) {
        guard.check(Callers.of(req), Action.ADMIN_LINK, Resource.LINK, RequestContext.of(req));
        LinkDrillParser.Drill drill = LinkDrillParser.parse(Bodies.json(req));
        var outcome = link.apply(drill.eveFraction(), drill.distanceKm(), drill.restore());
        Responses.json(res, Status.OK_200, Views.linkControl(outcome));
    }

    /** Whether {@code address} is a loopback address (by its literal, never by DNS). */
    static boolean isLoopback(java.net.SocketAddress address) {
        return RequestContext.isLoopback(address);
    }
}
