package io.lightvibes.sim.link;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One change of link state, as the evidence log records it (entry type {@link Kind#entryType()},
 * fields {@link #evidenceFields()}: {@code from, to, cause, qber, block}).
 *
 * @param kind what happened
 * @param from the state before
 * @param to the state after
 * @param cause a sentence saying why (never key material)
 * @param qber the QBER of the block that caused it; empty for an operator's restore
 * @param block blocks the monitor had seen when it happened
 */
public record LinkTransition(Kind kind, LinkState from, LinkState to, String cause, OptionalDouble qber, long block) {

    /** The transition kinds; their entry types are the prototype's evidence entry types. */
    public enum Kind {
        DEGRADED("link.degraded"),
        HEALTHY("link.healthy"),
        QUARANTINED("link.quarantined"),
        RESTORED("link.restored");

        private final String entryType;

        Kind(String entryType) {
            this.entryType = entryType;
        }

        /** The evidence entry type: {@code link.degraded}, {@code link.healthy}, ... */
        public String entryType() {
            return entryType;
        }
    }

    public LinkTransition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(qber, "qber");
    }

    /** The evidence entry's fields, in the prototype's order; {@code qber} is null when unknown. */
    public Map<String, Object> evidenceFields() {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("from", from.wireName());
        fields.put("to", to.wireName());
        fields.put("cause", cause);
        fields.put("qber", qber.isPresent() ? qber.getAsDouble() : null);
        fields.put("block", block);
        return java.util.Collections.unmodifiableMap(fields);
    }

    /**
     * True when the transition crosses {@code healthy}, which changes the mode new sessions get
     * ({@code QMK} to {@code PQC} or back): the prototype then also records {@code mode.changed}.
     */
    public boolean changesMode() {
        return (from == LinkState.HEALTHY) != (to == LinkState.HEALTHY);
    }
}
