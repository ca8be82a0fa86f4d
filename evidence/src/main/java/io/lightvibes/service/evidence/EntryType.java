package io.lightvibes.service.evidence;

import java.util.Optional;

/**
 * The event types the service records; {@link #value()} is the entry's {@code type}. Decoding
 * accepts any well-formed dotted name, so an older auditor can read a newer log.
 */
public enum EntryType {
    SESSION_CREATED("session.created"),
    KEY_ISSUED("key.issued"),
    KEY_DELIVERED("key.delivered"),
    KEY_DESTROYED("key.destroyed"),
    MODE_CHANGED("mode.changed"),
    LINK_QUARANTINED("link.quarantined"),
    LINK_RESTORED("link.restored"),
    LINK_DEGRADED("link.degraded"),
    LINK_HEALTHY("link.healthy"),
    /**
     * Written first by every process that appends: it introduces the verifier key that signs this
     * process's checkpoints (an in-memory signing key is new after each restart).
     */
    LOG_STARTED("log.started"),
    /** Reserved for the request guard's refusals. */
    GUARD_DENIED("guard.denied");

    private final String value;

    EntryType(String value) {
        this.value = value;
    }

    /** The dotted name written in entries. */
    public String value() {
        return value;
    }

    /** The known type spelled {@code value}, if it is one. */
    public static Optional<EntryType> of(String value) {
        for (EntryType type : values()) {
            if (type.value.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
