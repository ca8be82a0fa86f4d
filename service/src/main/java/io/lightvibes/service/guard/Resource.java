package io.lightvibes.service.guard;

import java.util.Objects;

/**
 * What an action is applied to: a {@code type} ({@code session}, {@code key}, {@code evidence},
 * {@code link}) and an {@code id} (a session id, a key_ref, the evidence route; empty for a session
 * not yet opened).
 */
public record Resource(String type, String id) {

    /** The one running link. */
    public static final Resource LINK = new Resource("link", "link");
    /** A session about to be opened: it has no id yet. */
    public static final Resource NEW_SESSION = new Resource("session", "");

    public Resource {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(id, "id");
    }

    public static Resource session(String sessionId) {
        return new Resource("session", sessionId);
    }

    /** A key, named by its key_ref (which the guard never writes into the public evidence log). */
    public static Resource key(String keyRef) {
        return new Resource("key", keyRef);
    }

    /** A part of the evidence log, e.g. {@code checkpoint} or {@code proof/inclusion}. */
    public static Resource evidence(String part) {
        return new Resource("evidence", part);
    }
}
