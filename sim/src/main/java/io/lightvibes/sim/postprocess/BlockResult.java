package io.lightvibes.sim.postprocess;

import java.util.Objects;

/**
 * One block's final key (Alice's copy, equal to Bob's; empty if the block yields none) and its
 * statistics.
 */
public record BlockResult(BitString key, BlockStatistics statistics) {

    public BlockResult {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(statistics, "statistics");
    }
}
