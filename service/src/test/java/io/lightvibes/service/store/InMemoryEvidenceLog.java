package io.lightvibes.service.store;

import io.lightvibes.service.evidence.EvidenceAppends;
import io.lightvibes.service.evidence.EvidenceAppends.Appended;
import io.lightvibes.service.evidence.EvidenceAppends.NodeId;
import io.lightvibes.service.evidence.EvidenceEvent;
import io.lightvibes.service.evidence.StoredTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The in-memory fake's evidence log: the JDBC store's tables as lists and maps. Not thread-safe:
 * {@link InMemoryKeyStore} calls it under its lock, which plays the head-row lock.
 */
final class InMemoryEvidenceLog {

    private final List<byte[]> entries = new ArrayList<>();
    private final Map<NodeId, byte[]> nodes = new HashMap<>();
    private final List<StoredCheckpoint> checkpoints = new ArrayList<>();
    private Instant lastTime = Instant.EPOCH;
    private boolean refusing;

    void refuse(boolean refuse) {
        refusing = refuse;
    }

    /** Entries and nodes for {@code events}, computed before anything changes (fail-closed). */
    Appended encode(String doing, List<EvidenceEvent> events) {
        if (!events.isEmpty() && refusing) {
            throw new StoreUnavailableException(String.format(Locale.ROOT, "Could not %s: the evidence log at "
                    + "memory refused its entries (refusing appends), so nothing was changed.", doing), null);
        }
        return EvidenceAppends.encode(entries.size(), lastTime, List.copyOf(events),
                (level, index) -> nodes.get(new NodeId(level, index)));
    }

    void apply(Appended appended) {
        appended.entries().forEach(entry -> entries.add(entry.data()));
        appended.nodes().forEach(node -> nodes.put(node.id(), node.hash()));
        if (!appended.entries().isEmpty()) {
            lastTime = appended.lastTime();
        }
    }

    long size() {
        return entries.size();
    }

    List<byte[]> entries(long start, long end) {
        int from = (int) Math.min(start, entries.size());
        int to = (int) Math.min(end, entries.size());
        return entries.subList(from, to).stream().map(byte[]::clone).toList();
    }

    Map<NodeId, byte[]> nodes(Collection<NodeId> ids) {
        Map<NodeId, byte[]> found = new HashMap<>();
        ids.forEach(id -> Optional.ofNullable(nodes.get(id)).ifPresent(hash -> found.put(id, hash.clone())));
        return Map.copyOf(found);
    }

    StoredCheckpoint sign(CheckpointSigner signer, Instant createdAt) {
        long size = entries.size();
        StoredCheckpoint checkpoint = new StoredCheckpoint(size, signer.sign(size, StoredTree.rootFromNodes(size, nodes)),
                createdAt);
        checkpoints.add(checkpoint);
        return checkpoint;
    }

    Optional<StoredCheckpoint> latestCheckpoint() {
        return checkpoints.isEmpty() ? Optional.empty() : Optional.of(checkpoints.getLast());
    }

    List<StoredCheckpoint> checkpoints(long start, int limit) {
        int from = (int) Math.min(start, checkpoints.size());
        return List.copyOf(checkpoints.subList(from, (int) Math.min(checkpoints.size(), from + (long) limit)));
    }
}
