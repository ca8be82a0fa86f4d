package io.lightvibes.service.guard;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.config.RateLimit;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Buckets in a Redis that several replicas share (Bucket4j's compare-and-swap over Lettuce), so a
 * peer's budget is one budget whichever replica it reaches. Keys are {@code PREFIX + limit + ":" +
 * peer} (a changed limit starts fresh budgets instead of mixing two configurations) and expire
 * once a bucket would be full again. A command gets {@link #COMMAND_TIMEOUT}; while Redis is
 * unreachable commands are refused at once (Lettuce keeps reconnecting in the background).
 */
final class RedisBuckets implements Buckets {

    /** The production key prefix. */
    static final String PREFIX = "lightvibes:rate:";
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

    private final RedisClient client;
    private final StatefulRedisConnection<byte[], byte[]> connection;
    private final ProxyManager<byte[]> proxies;
    private final BucketConfiguration configuration;
    private final String keyPrefix;

    private RedisBuckets(RedisClient client, StatefulRedisConnection<byte[], byte[]> connection, RateLimit limit,
            String prefix) {
        this.client = client;
        this.connection = connection;
        this.configuration = Buckets.configuration(limit);
        this.keyPrefix = prefix + limit.permits() + "/" + limit.period().toSeconds() + "s:";
        this.proxies = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                        Duration.ofSeconds(10)))
                .requestTimeout(COMMAND_TIMEOUT)
                .build();
    }

    /**
     * Connects to {@code url} ({@code redis://HOST:PORT[/DB]}); an unusable URL or an unreachable
     * server stops start-up with one line naming {@code LIGHTVIBES_REDIS_URL} (never its password).
     */
    static RedisBuckets connect(String url, RateLimit limit, String prefix) {
        RedisURI uri;
        try {
            uri = RedisURI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("LIGHTVIBES_REDIS_URL: not a redis:// URL (e.g. redis://127.0.0.1:6379)");
        }
        uri.setTimeout(COMMAND_TIMEOUT);
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        try {
            return new RedisBuckets(client, client.connect(ByteArrayCodec.INSTANCE), limit, prefix);
        } catch (RedisException e) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            throw new ConfigException("LIGHTVIBES_REDIS_URL: cannot reach Redis at " + uri.getHost() + ":"
                    + uri.getPort() + " for the shared rate limits (" + rootCause(e) + ")");
        }
    }

    @Override
    public Bucket bucket(String peerId) {
        return proxies.builder().build((keyPrefix + peerId).getBytes(StandardCharsets.UTF_8), () -> configuration);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
