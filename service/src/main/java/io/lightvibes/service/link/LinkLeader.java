package io.lightvibes.service.link;

import io.lightvibes.service.sealing.RecipientPublicKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.secrets.SecretBytes;
import io.lightvibes.service.store.AdvisoryLock;
import io.lightvibes.service.store.LinkReplicaStore;
import io.lightvibes.service.store.LinkReplicaStore.LiveReplica;
import io.lightvibes.service.store.LinkReplicaStore.PublishedHealth;
import io.lightvibes.service.store.LinkReplicaStore.Share;
import io.lightvibes.service.store.StoreException;
import io.lightvibes.sim.link.HealthListener;
import io.lightvibes.sim.link.LinkHealth;
import io.lightvibes.sim.link.LinkState;
import io.lightvibes.sim.link.SimulatedLink;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Runs the QKD link for every replica while this process holds the link's advisory lock
 * (docs/REPLICAS.md). Each {@link #tick()}: without the lock, try to take it and, if taken, open
 * a link; with it, check it is still held (stop the link at once if not), publish the link's
 * health and move the pool into shares, each sealed to one live replica's public key, in
 * proportion to what each lacks of its part of the pool's capacity. When this process dies, its
 * lock connection closes, the server frees the lock and another candidate takes over at its next
 * tick. Driven by one thread.
 */
public final class LinkLeader implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("lightvibes.link");
    /** Shares smaller than this wait for the next tick (a share costs one X-Wing encapsulation). */
    static final int MIN_SHARE_BITS = 256;

    private final LinkReplicaStore store;
    private final AdvisoryLock lock;
    private final Function<HealthListener, RunningLink> links;
    private final String leaderId;
    private final long poolCapacityBits;
    private final Clock clock;
    private final ReplicaTiming timing;
    private final SecureRandom random;
    private volatile RunningLink running;
    private long generation;
    /** Blocks earlier leaders published: the count goes on across a fail-over. */
    private long blocksBefore;
    private boolean publishFailing;
    /** Set by the link's thread whenever a block puts the link into quarantine (it then clears its pool). */
    private final AtomicBoolean quarantined = new AtomicBoolean();

    /**
     * @param links opens the link when this process is elected (a fresh one for every term), with
     *     the listener it must publish each block's health to
     * @param poolCapacityBits the pool all replicas together may hold, as LIGHTVIBES_LINK_POOL_MAX_BITS
     */
    public LinkLeader(LinkReplicaStore store, AdvisoryLock lock, Function<HealthListener, RunningLink> links,
            String leaderId,
            long poolCapacityBits, Clock clock, ReplicaTiming timing, SecureRandom random) {
        this.store = Objects.requireNonNull(store, "store");
        this.lock = Objects.requireNonNull(lock, "lock");
        this.links = Objects.requireNonNull(links, "links");
        this.leaderId = Objects.requireNonNull(leaderId, "leaderId");
        this.poolCapacityBits = poolCapacityBits;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The link this process runs now: present only while it leads. */
    public Optional<SimulatedLink> link() {
        RunningLink current = running;
        return current == null ? Optional.empty() : Optional.of(current.link());
    }

    public boolean leading() {
        return running != null;
    }

    public String leaderId() {
        return leaderId;
    }

    /** One step of the election and, while leading, of publishing; never throws for a database outage. */
    public void tick() {
        if (running == null) {
            if (!lock.tryAcquire()) {
                return;
            }
            begin();
            if (running == null) {
                return; // could not begin: the lock is given up again
            }
        } else if (!lock.held()) {
            LOG.log(System.Logger.Level.WARNING, "{0} lost the link''s lock (its database connection failed): "
                    + "the link stops here and another replica takes it over", leaderId);
            end();
            return;
        }
        publish();
    }

    private void begin() {
        try {
            Optional<PublishedHealth> previous = store.health();
            generation = previous.map(PublishedHealth::generation).orElse(0L);
            blocksBefore = previous.map(row -> PublishedHealthJson.decode(row.health(), 0).blocks()).orElse(0L);
        } catch (StoreException | IllegalArgumentException e) {
            lock.release(); // the database went away between the lock and this read: stand again later
            return;
        }
        quarantined.set(false);
        try {
            running = open();
        } catch (RuntimeException e) {
            // A driver that cannot open here must not keep the lock from a candidate where it can.
            lock.release();
            LOG.log(System.Logger.Level.WARNING, "{0} holds the link''s lock but cannot open the link, and gives "
                    + "the lock up: {1}", leaderId, e.getMessage());
            return;
        }
        running.link().start();
        LOG.log(System.Logger.Level.INFO, "{0} holds the link''s lock and runs the link for every replica", leaderId);
    }

    /** A new link whose every block's health tells this leader when it enters quarantine. */
    private RunningLink open() {
        return links.apply(new HealthListener() {
            private LinkState previous = LinkState.DOWN; // the link's thread's own

            @Override
            public void published(LinkHealth health) {
                if (health.state() == LinkState.QUARANTINED && previous != LinkState.QUARANTINED) {
                    quarantined.set(true);
                }
                previous = health.state();
            }
        });
    }

    private void publish() {
        SimulatedLink link = running.link();
        LinkHealth health = link.health();
        if (quarantined.getAndSet(false)) {
            generation++; // the link discarded its pool: every replica discards its part too
        }
        Instant now = clock.instant();
        Instant liveSince = now.minus(timing.lapse());
        try {
            List<Share> shares = health.state() == LinkState.HEALTHY ? shares(link, store.live(liveSince), now)
                    : List.of();
            store.publish(new PublishedHealth(leaderId, generation, PublishedHealthJson.encode(continued(health)), now),
                    shares, liveSince);
            if (publishFailing) {
                LOG.log(System.Logger.Level.INFO, "{0} publishes the link''s health again", leaderId);
                publishFailing = false;
            }
        } catch (StoreException e) {
            // Bits taken for shares that were not stored are gone: never handed out twice.
            if (!publishFailing) {
                LOG.log(System.Logger.Level.WARNING, "{0} cannot publish the link''s health: {1}", leaderId,
                        e.getMessage());
                publishFailing = true;
            }
        }
    }

    /** {@code health} with the blocks of earlier leaders counted in. */
    private LinkHealth continued(LinkHealth health) {
        return new LinkHealth(health.state(), health.qber(), health.rateBps(), health.poolBits(),
                health.secretFraction(), blocksBefore + health.blocks(), health.lastBlock());
    }

    /**
     * Takes from the link's pool what each live replica lacks of its equal part of the capacity
     * (counting what it holds and what waits for it), all of it if the pool has enough and a
     * proportional cut if not, and seals each cut to its replica.
     */
    private List<Share> shares(SimulatedLink link, List<LiveReplica> replicas, Instant now) {
        if (replicas.isEmpty()) {
            return List.of();
        }
        long part = poolCapacityBits / replicas.size();
        long[] lacking = new long[replicas.size()];
        long totalLacking = 0;
        for (int i = 0; i < lacking.length; i++) {
            lacking[i] = Math.max(0, part - replicas.get(i).poolBits() - replicas.get(i).pendingBits());
            totalLacking += lacking[i];
        }
        long available = link.health().poolBits();
        List<Share> shares = new ArrayList<>();
        for (int i = 0; i < lacking.length && totalLacking > 0; i++) {
            // In proportion to what each lacks, so a replica that serves more is refilled faster
            // and none waits for another to fill up.
            long due = available >= totalLacking ? lacking[i]
                    : (long) ((double) available * lacking[i] / totalLacking);
            int bits = (int) (Math.min(due, Integer.MAX_VALUE) / 8 * 8);
            if (bits >= MIN_SHARE_BITS) {
                share(link, replicas.get(i), bits, now).ifPresent(shares::add);
            }
        }
        return shares;
    }

    private Optional<Share> share(SimulatedLink link, LiveReplica replica, int bits, Instant now) {
        Optional<RecipientPublicKey> key = publicKey(replica);
        Optional<byte[]> taken = key.isPresent() ? link.takeKey(bits) : Optional.empty();
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        try (SecretBytes material = SecretBytes.adopt(taken.get())) {
            String shareId = UUID.randomUUID().toString();
            return Optional.of(new Share(shareId, replica.replicaId(), generation, bits,
                    PoolShares.seal(key.get(), material, generation, shareId, random), now));
        }
    }

    private static Optional<RecipientPublicKey> publicKey(LiveReplica replica) {
        try {
            return SealSuite.fromWireName(replica.suite()).map(suite -> RecipientPublicKey.of(suite, replica.publicKey()));
        } catch (RuntimeException e) {
            return Optional.empty(); // a row this version cannot seal to: that replica gets nothing
        }
    }

    private void end() {
        RunningLink current = running;
        running = null;
        if (current != null) {
            current.close();
        }
    }

    /** Stops the link if it runs here and gives the lock up. */
    @Override
    public void close() {
        end();
        lock.close();
    }
}
