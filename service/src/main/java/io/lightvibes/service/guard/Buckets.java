package io.lightvibes.service.guard;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.lightvibes.service.config.RateLimit;

/** Where each peer's token bucket lives: this process ({@link LocalBuckets}) or a shared Redis ({@link RedisBuckets}). */
interface Buckets extends AutoCloseable {

    /** The bucket of {@code peerId}. */
    Bucket bucket(String peerId);

    @Override
    void close();

    /**
     * {@code permits} tokens, refilled greedily at {@code permits} per period: a client may burst up
     * to the whole budget, then gets one request per {@code period / permits}.
     */
    static BucketConfiguration configuration(RateLimit limit) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limit.permits()).refillGreedy(limit.permits(), limit.period())
                        .build())
                .build();
    }
}
