package io.lightvibes.service.guard;

import io.github.bucket4j.ConsumptionProbe;
import io.lightvibes.service.config.RateLimit;
import io.lightvibes.service.config.Settings;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code LIGHTVIBES_RATE_LIMIT} per peer (Bucket4j token buckets): a request over the budget is
 * refused with the whole seconds until a token is back. A shared store that cannot answer refuses
 * the request too (fail closed): a key service does not serve unmetered.
 */
public final class PeerRateLimits implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("lightvibes.guard");
    /** Seconds a client should wait when the shared store cannot answer. */
    static final int UNAVAILABLE_RETRY_AFTER_S = 1;

    private final RateLimit limit;
    private final Buckets buckets;
    private final boolean shared;

    private PeerRateLimits(RateLimit limit, Buckets buckets, boolean shared) {
        this.limit = Objects.requireNonNull(limit, "limit");
        this.buckets = Objects.requireNonNull(buckets, "buckets");
        this.shared = shared;
    }

    /**
     * The limits the settings ask for: none without {@code LIGHTVIBES_RATE_LIMIT}; in memory, or in
     * the Redis of {@code LIGHTVIBES_REDIS_URL} when that is set.
     */
    public static Optional<PeerRateLimits> from(Settings.Guard settings) {
        if (settings.rateLimit().isEmpty()) {
            if (!settings.redisUrl().isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "LIGHTVIBES_REDIS_URL is set but LIGHTVIBES_RATE_LIMIT is not: "
                        + "there is no rate limit and Redis is not used");
            }
            return Optional.empty();
        }
        RateLimit limit = settings.rateLimit().get();
        return Optional.of(settings.redisUrl().isEmpty() ? inMemory(limit) : redis(limit, settings.redisUrl()));
    }

    /** Budgets kept in this process. */
    public static PeerRateLimits inMemory(RateLimit limit) {
        return new PeerRateLimits(limit, new LocalBuckets(limit), false);
    }

    /** Budgets shared by every replica that uses the Redis at {@code redisUrl}. */
    public static PeerRateLimits redis(RateLimit limit, String redisUrl) {
        return redis(limit, redisUrl, RedisBuckets.PREFIX);
    }

    /** As {@link #redis(RateLimit, String)} under keys starting {@code keyPrefix} (tests use a fresh one). */
    public static PeerRateLimits redis(RateLimit limit, String redisUrl, String keyPrefix) {
        return new PeerRateLimits(limit, RedisBuckets.connect(redisUrl, limit, keyPrefix), true);
    }

    public RateLimit limit() {
        return limit;
    }

    /**
     * Takes one token from {@code peerId}'s budget.
     *
     * @throws RateLimitedException when the budget is spent
     * @throws RateLimiterUnavailableException when the shared store cannot answer
     */
    public void admit(String peerId) {
        ConsumptionProbe probe;
        try {
            probe = buckets.bucket(peerId).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            if (!shared) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "rate limit store unavailable: {0}", e.getClass().getName());
            throw new RateLimiterUnavailableException(UNAVAILABLE_RETRY_AFTER_S);
        }
        if (!probe.isConsumed()) {
            throw new RateLimitedException(peerId, limit, retryAfterSeconds(probe.getNanosToWaitForRefill()));
        }
    }

    /** Whole seconds, rounded up and at least one, as {@code Retry-After} needs them. */
    static int retryAfterSeconds(long nanos) {
        long seconds = (nanos + 999_999_999L) / 1_000_000_000L;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds));
    }

    @Override
    public void close() {
        buckets.close();
    }
}
