package io.lightvibes.sim.postprocess;

/**
 * What a classical channel has carried.
 *
 * @param messages messages in both directions
 * @param wireBitsAliceToBob all bits Alice sent (topic, field names, packed values)
 * @param wireBitsBobToAlice all bits Bob sent
 * @param disclosedBits bits of information about the key the messages revealed (Cascade
 *     parities, the verification tag); the leak_EC term of the key-length formula
 */
public record ChannelStats(long messages, long wireBitsAliceToBob, long wireBitsBobToAlice, long disclosedBits) {

    /** Traffic in both directions. */
    public long wireBits() {
        return wireBitsAliceToBob + wireBitsBobToAlice;
    }
}
