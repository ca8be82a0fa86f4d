package io.lightvibes.service.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.config.RateLimit;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Per-peer budgets in memory and, with LIGHTVIBES_TEST_REDIS_URL, one budget shared through Redis. */
class PeerRateLimitsTest {

    private static final RateLimit FIVE_A_MINUTE = RateLimit.parse("5/minute");

    private static String redisUrl() {
        String url = System.getenv("LIGHTVIBES_TEST_REDIS_URL");
        Assumptions.assumeTrue(url != null && !url.isBlank(), "LIGHTVIBES_TEST_REDIS_URL is not set: no Redis to share limits through");
        return url;
    }

    /** A key prefix no other test (or earlier run) has used. */
    private static String freshPrefix() {
        return "lightvibes:test:" + UUID.randomUUID() + ":";
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(PeerRateLimits.retryAfterSeconds(0)).isEqualTo(1);
        assertThat(PeerRateLimits.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(PeerRateLimits.retryAfterSeconds(1_000_000_000L)).isEqualTo(1);
        assertThat(PeerRateLimits.retryAfterSeconds(1_000_000_001L)).isEqualTo(2);
        assertThat(PeerRateLimits.retryAfterSeconds(12_000_000_000L)).isEqualTo(12);
    }

    @Test
    void aBurstSpendsThePeersBudgetAndOnlyThePeers() {
        try (var limits = PeerRateLimits.inMemory(FIVE_A_MINUTE)) {
            for (int i = 0; i < 5; i++) {
                limits.admit("alice");
            }
            assertThatThrownBy(() -> limits.admit("alice")).isInstanceOf(RateLimitedException.class)
                    .satisfies(e -> assertThat(((RateLimitedException) e).retryAfterS()).isBetween(1, 12));
            limits.admit("bob");
        }
    }

    @Test
    void twoLimitersWithTheirOwnConnectionsShareOneBudgetInRedis() {
        String url = redisUrl();
        String prefix = freshPrefix();
        try (var first = PeerRateLimits.redis(FIVE_A_MINUTE, url, prefix);
                var second = PeerRateLimits.redis(FIVE_A_MINUTE, url, prefix)) {
            first.admit("alice");
            second.admit("alice");
            first.admit("alice");
            second.admit("alice");
            first.admit("alice");
            assertThatThrownBy(() -> second.admit("alice")).isInstanceOf(RateLimitedException.class);
            assertThatThrownBy(() -> first.admit("alice")).isInstanceOf(RateLimitedException.class);
            second.admit("bob");
        }
    }

    @Test
    void anUnreachableRedisStopsStartUpNamingTheSettingButNotItsPassword() {
        assertThatThrownBy(() -> PeerRateLimits.redis(FIVE_A_MINUTE, "redis://:s3cret@127.0.0.1:1", freshPrefix()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LIGHTVIBES_REDIS_URL: cannot reach Redis at 127.0.0.1:1 for the shared rate limits")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> PeerRateLimits.redis(FIVE_A_MINUTE, "http://127.0.0.1:6379", freshPrefix()))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("LIGHTVIBES_REDIS_URL: not a redis:// URL");
    }

    @Test
    void aRedisThatVanishesAtRunTimeRefusesRequestsInsteadOfWavingThemThrough() throws Exception {
        RedisURI redis = RedisURI.create(redisUrl());
        try (var relay = new TcpRelay(redis.getHost(), redis.getPort());
                var limits = PeerRateLimits.redis(FIVE_A_MINUTE, "redis://127.0.0.1:" + relay.port(), freshPrefix())) {
            limits.admit("alice");
            relay.close();
            assertThatThrownBy(() -> limits.admit("alice")).isInstanceOf(RateLimiterUnavailableException.class)
                    .satisfies(e -> assertThat(((RateLimiterUnavailableException) e).retryAfterS()).isEqualTo(1));
        }
    }
}
