package io.lightvibes.service.guard;

import io.helidon.webserver.http.ServerRequest;
import io.lightvibes.service.keys.SessionRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The facts of a request that policies may look at besides who asks and what for: where it comes
 * from and, for {@link Action#CREATE_SESSION}, the session's terms. The guard adds the time.
 *
 * @param minKeybits the requested key length (0 unless a session is being opened)
 * @param ttlS the requested time to live; empty means the deployment's default
 * @param fallback {@code PQC} or {@code NONE} ("" unless a session is being opened)
 * @param requestedPeer the other party the session is for ("" unless a session is being opened)
 * @param sourceAddress the client's address as the server sees it (an IP literal)
 * @param sourceLoopback whether that address is a loopback address
 */
public record RequestContext(long minKeybits, OptionalInt ttlS, String fallback, String requestedPeer,
        String sourceAddress, boolean sourceLoopback) {

    public RequestContext {
        Objects.requireNonNull(ttlS, "ttlS");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(requestedPeer, "requestedPeer");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
    }

    /** A request's source and nothing else. */
    public static RequestContext from(SocketAddress source) {
        String address = source instanceof InetSocketAddress peer
                ? peer.getAddress() != null ? peer.getAddress().getHostAddress() : peer.getHostString()
                : "";
        return new RequestContext(0, OptionalInt.empty(), "", "", address, isLoopback(source));
    }

    /** The source of {@code request}. */
    public static RequestContext of(ServerRequest request) {
        return from(request.remotePeer().address());
    }

    /** The source of {@code request} and the terms of the session it asks for. */
    public static RequestContext of(ServerRequest request, SessionRequest session) {
        RequestContext source = of(request);
        return new RequestContext(session.minKeybits(), session.ttlS(), session.fallback().name(), session.peerId(),
                source.sourceAddress(), source.sourceLoopback());
    }

    /** Whether {@code address} is a loopback address, judged by its literal and never by DNS. */
    public static boolean isLoopback(SocketAddress address) {
        if (!(address instanceof InetSocketAddress peer)) {
            return false;
        }
        if (peer.getAddress() != null) {
            return peer.getAddress().isLoopbackAddress();
        }
        try {
            // An unresolved peer (an in-process test client) is judged by its literal address.
            return InetAddress.ofLiteral(peer.getHostString()).isLoopbackAddress();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
