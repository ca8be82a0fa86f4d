package io.lightvibes.service.identity;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who is calling: a registered peer (or, with {@link AuthMode#NONE}, the local operator) and the
 * roles the registry gives it. Carries no credential.
 *
 * @param peerId the peer's registered name, {@code [A-Za-z0-9._:-]{1,128}} like a session's peer_id
 * @param roles the peer's roles, e.g. {@code admin}
 * @param authenticated false only for {@link #local()}, the caller when authentication is off
 */
public record Principal(String peerId, Set<String> roles, boolean authenticated) {

    /** Peer names: the same alphabet and length as a session request's {@code peer_id}. */
    public static final Pattern PEER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** The role that may drive the link's drills and other operator actions. */
    public static final String ADMIN = "admin";

    public Principal {
        Objects.requireNonNull(peerId, "peerId");
        if (!PEER_ID.matcher(peerId).matches()) {
            throw new IllegalArgumentException("a peer id is 1 to 128 of A-Z a-z 0-9 . _ : -");
        }
        roles = Set.copyOf(roles);
    }

    /** An authenticated peer. */
    public static Principal peer(String peerId, Set<String> roles) {
        return new Principal(peerId, roles, true);
    }

    /**
     * The caller when {@code LIGHTVIBES_AUTH=none}: one local operator, named {@code local}, with
     * the admin role (the mode serves loopback only unless explicitly overridden).
     */
    public static Principal local() {
        return new Principal("local", Set.of(ADMIN), false);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
