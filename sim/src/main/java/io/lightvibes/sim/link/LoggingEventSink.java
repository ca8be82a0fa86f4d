package io.lightvibes.sim.link;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/** Logs each transition (the default until the evidence log takes them). */
public final class LoggingEventSink implements EventSink {

    private static final Logger LOG = System.getLogger("io.lightvibes.sim.link");

    @Override
    public void emit(LinkTransition transition) {
        LOG.log(Level.INFO, () -> transition.kind().entryType() + " " + transition.evidenceFields());
    }
}
