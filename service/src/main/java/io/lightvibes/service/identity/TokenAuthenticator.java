package io.lightvibes.service.identity;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code LIGHTVIBES_AUTH=token}: the caller presents {@code Authorization: Bearer lv_...}, a token
 * {@code lightvibes peers add} (or {@code rotate-token}) printed; the registry knows its SHA-256.
 * Messages say what to fix and never repeat the token.
 */
public final class TokenAuthenticator implements Authenticator {

    /** The challenge of a request without a token (RFC 6750 §3). */
    static final String CHALLENGE = "Bearer realm=\"lightvibes\"";
    /** The challenge of a request with a token that is not accepted (RFC 6750 §3.1). */
    static final String INVALID = "Bearer realm=\"lightvibes\", error=\"invalid_token\"";
    private static final String SCHEME = "bearer ";

    private final PeerRegistry peers;

    public TokenAuthenticator(PeerRegistry peers) {
        this.peers = Objects.requireNonNull(peers, "peers");
    }

    @Override
    public Principal authenticate(ServerRequest request) {
        return authenticate(request.headers().first(HeaderNames.AUTHORIZATION));
    }

    /** The peer whose token {@code authorization} carries. */
    Principal authenticate(Optional<String> authorization) {
        String header = authorization.orElseThrow(() -> new UnauthenticatedException(CHALLENGE,
                "This service needs a bearer token: send Authorization: Bearer lv_... (an operator issues one with "
                        + "`lightvibes peers add` or `lightvibes peers rotate-token`)."));
        if (!header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw new UnauthenticatedException(CHALLENGE, "The Authorization header must use the Bearer scheme: "
                    + "Authorization: Bearer lv_...");
        }
        String token = header.substring(SCHEME.length()).strip();
        if (!BearerTokens.looksLikeToken(token)) {
            throw new UnauthenticatedException(INVALID, String.format(Locale.ROOT, "The bearer token is malformed: "
                    + "a LIGHTVIBES token is lv_ followed by 43 base64url characters, as `lightvibes peers add` "
                    + "printed it (this one has %d characters).", token.length()));
        }
        return peers.activeByToken(TokenHash.of(token)).orElseThrow(() -> new UnauthenticatedException(INVALID,
                "The bearer token is not accepted: it is unknown, was replaced by `peers rotate-token`, or its peer "
                        + "was revoked. Ask the operator for a new one."));
    }
}
