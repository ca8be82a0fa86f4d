package io.lightvibes.sim.link;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a link reports after each block.
 *
 * @param state where the link stands
 * @param qber quantum bit error rate of the last block; empty until a block has been measured
 * @param rateBps secret key bits per wall-clock second actually produced
 * @param poolBits key bits waiting in the pool
 * @param secretFraction secret bits per sifted bit of the last block; empty before one
 * @param blocks blocks distilled since start
 * @param lastBlock the last block's statistics (the fields of {@code lightvibes simulate --json}),
 *     empty before one; values are {@link Number}s or {@code null}
 */
public record LinkHealth(
        LinkState state,
        OptionalDouble qber,
        double rateBps,
        long poolBits,
        OptionalDouble secretFraction,
        long blocks,
        Optional<Map<String, Object>> lastBlock) {

    public LinkHealth {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(qber, "qber");
        Objects.requireNonNull(secretFraction, "secretFraction");
        Objects.requireNonNull(lastBlock, "lastBlock");
        if (poolBits < 0 || blocks < 0) {
            throw new IllegalArgumentException("poolBits and blocks are never negative");
        }
    }

    /** The health of a link that is not there: down, no QBER, no rate, empty pool. */
    public static LinkHealth down() {
        return new LinkHealth(
                LinkState.DOWN, OptionalDouble.empty(), 0.0, 0, OptionalDouble.empty(), 0, Optional.empty());
    }
}
