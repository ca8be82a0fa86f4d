package io.lightvibes.service.identity;

import io.helidon.webserver.http.ServerRequest;

/** Decides who sent a request, from its credentials (a bearer token, a client certificate) or none. */
@FunctionalInterface
public interface Authenticator {

    /**
     * The caller of {@code request}.
     *
     * @throws UnauthenticatedException when credentials are missing, malformed, unknown or revoked
     */
    Principal authenticate(ServerRequest request);

    /** {@code LIGHTVIBES_AUTH=none}: every caller is {@link Principal#local()}. */
    static Authenticator none() {
        return request -> Principal.local();
    }
}
