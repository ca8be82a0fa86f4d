package io.lightvibes.sim.postprocess;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The authenticated classical channel between the two ends of a QKD link. The ends never touch
 * each other's memory: everything one learns about the other passes through here, copied on
 * delivery, and every bit is counted: {@code wireBits} is all traffic in each direction,
 * {@code disclosedBits} the information about the key that the messages reveal (their sum is the
 * leak_EC of the key-length formula).
 *
 * <p>Both ends run in one process and {@link #request} is a direct call; the same messages could
 * be serialised to run the ends on two nodes. One channel serves one block on one thread.
 */
public final class ClassicalChannel {

    private final Map<Role, Peer> peers = new EnumMap<>(Role.class);
    private long messages;
    private long aliceToBob;
    private long bobToAlice;
    private long disclosed;

    /** Connects {@code peer} as {@code role}. */
    public void attach(Role role, Peer peer) {
        peers.put(Objects.requireNonNull(role, "role"), Objects.requireNonNull(peer, "peer"));
    }

    /** What the channel has carried so far. */
    public ChannelStats stats() {
        return new ChannelStats(messages, aliceToBob, bobToAlice, disclosed);
    }

    /** Sends a one-way message; the receiver must not answer. */
    public void post(Role sender, Message message) {
        if (carry(sender, message).isPresent()) {
            throw new ProtocolException(sender.other() + " answered the one-way message " + message.topic());
        }
    }

    /** Sends a request and returns the other end's answer, itself carried and counted. */
    public Message request(Role sender, Message message) {
        Message reply = carry(sender, message)
                .orElseThrow(() -> new ProtocolException(sender.other() + " did not answer " + message.topic()));
        count(sender.other(), reply);
        return reply.copy();
    }

    private java.util.Optional<Message> carry(Role sender, Message message) {
        Peer receiver = peers.get(sender.other());
        if (receiver == null) {
            throw new IllegalStateException("no " + sender.other() + " attached to the channel");
        }
        count(sender, message);
        return receiver.onMessage(message.copy());
    }

    private void count(Role sender, Message message) {
        messages++;
        disclosed += message.disclosedBits();
        if (sender == Role.ALICE) {
            aliceToBob += message.wireBits();
        } else {
            bobToAlice += message.wireBits();
        }
    }
}
