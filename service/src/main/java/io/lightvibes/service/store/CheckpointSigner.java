package io.lightvibes.service.store;

/**
 * Signs the tree the store holds right now: called with its size and RFC 9162 root hash inside
 * the store's append lock (keep it quick), it returns the signed note to store.
 */
@FunctionalInterface
public interface CheckpointSigner {
    String sign(long treeSize, byte[] rootHash);
}
