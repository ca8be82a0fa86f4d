package io.lightvibes.service.link;

import io.lightvibes.sim.link.HealthListener;
import io.lightvibes.sim.link.LinkHealth;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Fans the link's health after each block out to live subscribers (the SSE stream). The link's
 * thread only offers to each subscriber's bounded queue and never waits: a subscriber that lets
 * {@link #capacity()} blocks pile up is cut off (its next {@link Subscription#next} throws
 * {@link FellBehindException}) rather than slowing the link or silently missing blocks, so every
 * subscriber that stays connected sees every block, in order.
 */
public final class HealthFeed implements HealthListener {

    /** Blocks a subscriber may fall behind before it is cut off: about a minute of the default link. */
    public static final int DEFAULT_CAPACITY = 64;

    private final Set<Subscription> subscribers = ConcurrentHashMap.newKeySet();
    private final int capacity;

    public HealthFeed() {
        this(DEFAULT_CAPACITY);
    }

    public HealthFeed(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a subscriber queue holds at least one block");
        }
        this.capacity = capacity;
    }

    /** Starts following the link; close the subscription when the subscriber goes. */
    public Subscription subscribe() {
        var subscription = new Subscription(new ArrayBlockingQueue<>(capacity));
        subscribers.add(subscription);
        return subscription;
    }

    /** On the link's thread: queues the health for every subscriber, cutting off those that are full. */
    @Override
    public void published(LinkHealth health) {
        for (Subscription subscription : subscribers) {
            subscription.offer(health);
        }
    }

    /** Subscribers connected now. */
    public int subscribers() {
        return subscribers.size();
    }

    public int capacity() {
        return capacity;
    }

    /** One subscriber's queue of blocks. */
    public final class Subscription implements AutoCloseable {

        private final BlockingQueue<LinkHealth> queue;
        private volatile boolean fellBehind;

        private Subscription(BlockingQueue<LinkHealth> queue) {
            this.queue = queue;
        }

        private void offer(LinkHealth health) {
            if (!queue.offer(health)) {
                fellBehind = true;
                subscribers.remove(this);
                queue.clear();
            }
        }

        /**
         * The next block's health, waiting up to {@code wait}; empty when none came in time.
         *
         * @throws FellBehindException when this subscriber let its queue fill and was cut off
         */
        public Optional<LinkHealth> next(Duration wait) throws InterruptedException {
            if (fellBehind) {
                throw new FellBehindException(capacity);
            }
            return Optional.ofNullable(queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }

    /** A subscriber read too slowly and was cut off so the link never waits for it. */
    public static final class FellBehindException extends RuntimeException {
        FellBehindException(int capacity) {
            super("this subscriber fell " + capacity + " blocks behind the link and was disconnected; reconnect");
        }
    }
}
