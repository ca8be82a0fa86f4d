package io.lightvibes.service.identity;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.ServerRequest;
import java.util.Objects;
import java.util.Set;

/** The {@link Principal} a request carries, set once by {@link #filter} before any route runs. */
public final class Callers {

    /**
     * Liveness and readiness: asked by orchestrators that hold no credentials, answering nothing
     * but up or down, so they are served without authentication (no principal is set for them).
     */
    private static final Set<String> PROBES = Set.of("/healthz", "/readyz");

    private Callers() {
    }

    /**
     * A routing filter that authenticates every request and keeps its principal in the request's
     * context; an unauthenticated request goes no further ({@link UnauthenticatedException}).
     */
    public static Filter filter(Authenticator authenticator) {
        Objects.requireNonNull(authenticator, "authenticator");
        return (chain, request, response) -> {
            if (PROBES.contains(request.path().path())) {
                chain.proceed();
                return;
            }
            Principal caller = authenticator.authenticate(request);
            request.context().register(Principal.class, caller);
            chain.proceed();
        };
    }

    /** The caller of {@code request}; fails closed (an error, not a default) if no filter ran. */
    public static Principal of(ServerRequest request) {
        return request.context().get(Principal.class, Principal.class)
                .orElseThrow(() -> new IllegalStateException("no authentication filter ran for this request"));
    }
}
