package io.lightvibes.sim.postprocess;

import java.util.Optional;

/** One end of the link as the channel sees it: answers (or not) what the other end sends. */
@FunctionalInterface
public interface Peer {

    /**
     * Handles one message (a copy the peer may keep).
     *
     * @return the answer for a request, empty for a one-way message
     * @throws ProtocolException if the message is not acceptable now
     */
    Optional<Message> onMessage(Message message);
}
