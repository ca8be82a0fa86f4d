package io.lightvibes.service.guard;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.lightvibes.service.config.RateLimit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Buckets in this process's memory, one per peer. Peers are registered names (or the one local
 * operator), so the map is as large as the registry, never as large as the traffic.
 */
final class LocalBuckets implements Buckets {

    private final BucketConfiguration configuration;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    LocalBuckets(RateLimit limit) {
        this.configuration = Buckets.configuration(limit);
    }

    @Override
    public Bucket bucket(String peerId) {
        return buckets.computeIfAbsent(peerId, peer -> Bucket.builder()
                .addLimit(configuration.getBandwidths()[0]).build());
    }

    @Override
    public void close() {
        buckets.clear();
    }
}
