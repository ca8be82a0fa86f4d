package io.lightvibes.service.identity;

import java.util.Locale;
import java.util.Optional;

/** Whether a registered peer may still authenticate. Revocation is final: a name is never reused. */
public enum PeerStatus {
    ACTIVE,
    REVOKED;

    /** The stored and printed form: {@code active} or {@code revoked}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PeerStatus> fromWireName(String text) {
        for (PeerStatus status : values()) {
            if (status.wireName().equals(text)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName();
    }
}
