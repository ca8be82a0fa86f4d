package io.lightvibes.sim.postprocess;

/**
 * What Cascade left Bob with.
 *
 * @param key Bob's corrected key
 * @param disclosedBits parity bits Alice revealed (the leak_EC of the key-length formula)
 * @param messages classical messages exchanged, both directions
 * @param passes passes run
 */
public record CascadeResult(BitString key, long disclosedBits, long messages, int passes) {
}
