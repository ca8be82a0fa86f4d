package io.lightvibes.service.link;

import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.keys.EvidenceLog;
import io.lightvibes.sim.link.EventSink;
import io.lightvibes.sim.link.LinkState;
import io.lightvibes.sim.link.LinkTransition;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes the link monitor's transitions to the evidence log, from the link's thread. A transition
 * that crosses {@code healthy} also changes the mode new sessions get, so it is recorded as
 * {@code mode.changed} too. If the store cannot take them the failure is logged: the physical
 * state changes regardless, and the next transition is tried again.
 */
public final class EvidenceLinkSink implements EventSink {

    /** The actor of link entries. */
    public static final String ACTOR_LINK = "link-monitor";
    private static final System.Logger LOG = System.getLogger("lightvibes.link");

    private final EvidenceLog log;
    private final Clock clock;

    public EvidenceLinkSink(EvidenceLog log, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The entries of one transition: {@code link.*}, and {@code mode.changed} when it crosses healthy. */
    List<EvidenceEvent> eventsFor(LinkTransition transition) {
        List<EvidenceEvent> events = new ArrayList<>();
        events.add(new EvidenceEvent(transition.kind().entryType(), ACTOR_LINK, clock.instant(),
                transition.evidenceFields()));
        if (transition.changesMode()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("from", transition.from() == LinkState.HEALTHY ? "QMK" : "PQC");
            fields.put("to", transition.to() == LinkState.HEALTHY ? "QMK" : "PQC");
            fields.put("cause", transition.cause());
            events.add(new EvidenceEvent("mode.changed", ACTOR_LINK, clock.instant(), fields));
        }
        return events;
    }

    @Override
    public void emit(LinkTransition transition) {
        try {
            log.append(eventsFor(transition));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "link transition {0} not logged: {1}", transition.kind().entryType(),
                    e.getMessage());
        }
    }
}
