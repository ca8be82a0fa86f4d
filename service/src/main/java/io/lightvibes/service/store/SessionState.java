package io.lightvibes.service.store;

import java.util.Locale;

/** A session's life cycle; the wire and column form is the lower-case name. */
public enum SessionState {
    /** Issued; at least one sealed copy still waits for its party. */
    OPEN,
    /** Every sealed copy has been fetched. */
    DELIVERED,
    /** The TTL passed before delivery; undelivered material destroyed. */
    EXPIRED,
    /** Revoked by a caller; undelivered material destroyed. */
    REVOKED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code wireName}; throws {@link IllegalArgumentException} for any other text. */
    public static SessionState fromWireName(String wireName) {
        for (SessionState state : values()) {
            if (state.wireName().equals(wireName)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown session state: " + wireName);
    }
}
