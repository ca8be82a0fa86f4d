package io.lightvibes.service.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightvibes.service.link.LinkControl;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Drills and operations on the running link, for someone on the machine itself (loopback only,
 * until the guard secures it). Mounted at {@code /lightvibes/admin}.
 */
public final class AdminRoutes implements HttpService {

    private final LinkControl link;

    public AdminRoutes(LinkControl link) {
        this.link = Objects.requireNonNull(link, "link");
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
        requireLoopback(req);
        LinkDrillParser.Drill drill = LinkDrillParser.parse(Bodies.json(req));
        var outcome = link.apply(drill.eveFraction(), drill.distanceKm(), drill.restore());
        Responses.json(res, Status.OK_200, Views.linkControl(outcome));
    }

    private static void requireLoopback(ServerRequest req) {
        if (!isLoopback(req.remotePeer().address())) {
            throw new AccessDeniedException("Link administration is only accepted from the loopback interface.");
        }
    }

    static boolean isLoopback(java.net.SocketAddress address) {
        if (!(address instanceof InetSocketAddress peer)) {
            return false;
        }
        if (peer.getAddress() != null) {
            return peer.getAddress().isLoopbackAddress();
        }
        try {
            // An unresolved peer (an in-process test client) is judged by its literal address, never by DNS.
            return java.net.InetAddress.ofLiteral(peer.getHostString()).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
