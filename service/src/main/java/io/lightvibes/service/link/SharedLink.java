package io.lightvibes.service.link;

import io.lightvibes.service.keys.InvalidRequestException;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.UnsealException;
import io.lightvibes.service.secrets.SecretBytes;
import io.lightvibes.service.store.LinkReplicaStore;
import io.lightvibes.service.store.LinkReplicaStore.Heartbeat;
import io.lightvibes.service.store.LinkReplicaStore.PublishedHealth;
import io.lightvibes.service.store.LinkReplicaStore.Share;
import io.lightvibes.service.store.StoreException;
import io.lightvibes.sim.link.HealthListener;
import io.lightvibes.sim.link.KeyPool;
import io.lightvibes.sim.link.Link;
import io.lightvibes.sim.link.LinkHealth;
import io.lightvibes.sim.postprocess.BitString;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The link as one replica of several sees it (docs/REPLICAS.md): whichever process holds the
 * link's lock runs the link; this one registers an X-Wing public key whose private half lives only
 * in its memory, and at every tick sends a heartbeat that claims the pool shares sealed to it into
 * a pool of its own and reads the health the leader published. So every replica reports the same
 * health (the pool as the sum of the live replicas' reports), keys are taken from this replica's
 * own part of the pool without touching the database, and no pool bit is at rest in plaintext.
 * With a {@link LinkLeader} this process also stands for election on the same thread.
 */
public final class SharedLink implements Link {

    private static final System.Logger LOG = System.getLogger("lightvibes.link");

    private final LinkReplicaStore store;
    private final String replicaId;
    private final RecipientPrivateKey key;
    private final KeyPool pool;
    private final Clock clock;
    private final ReplicaTiming timing;
    private final HealthListener listener;
    private final Optional<LinkLeader> leader;
    private final Instant startedAt;
    private volatile Published published = Published.NONE;
    private long generation = -1;
    /** The last heartbeat's failure, while they fail. */
    private String heartbeatFailure;
    private ScheduledExecutorService ticker;

    /** The health row as this replica last read it, and when. */
    private record Published(LinkHealth health, Instant publishedAt, String leaderId) {
        static final Published NONE = new Published(LinkHealth.down(), Instant.EPOCH, "");
    }

    /**
     * @param key this replica's share key (generated at start, never stored)
     * @param pool this replica's part of the pool
     * @param listener hears the health whenever a newly published block arrives (the SSE feed)
     * @param leader present when this process stands for election
     */
    public SharedLink(LinkReplicaStore store, String replicaId, RecipientPrivateKey key, KeyPool pool, Clock clock,
            ReplicaTiming timing, HealthListener listener, Optional<LinkLeader> leader) {
        this.store = Objects.requireNonNull(store, "store");
        this.replicaId = Objects.requireNonNull(replicaId, "replicaId");
        this.key = Objects.requireNonNull(key, "key");
        this.pool = Objects.requireNonNull(pool, "pool");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timing = Objects.requireNonNull(timing, "timing");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.leader = Objects.requireNonNull(leader, "leader");
        this.startedAt = clock.instant();
    }

    /** Registers this replica and starts its ticks; a database that is down now is retried at each tick. */
    @Override
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("lightvibes-replica").factory());
        ticker.scheduleWithFixedDelay(this::tickSafely, 0, timing.tick().toNanos(), TimeUnit.NANOSECONDS);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "replica " + replicaId + " tick failed", e);
        }
    }

    /** One heartbeat (and, when standing for election, one election step first). */
    void tick() {
        leader.ifPresent(LinkLeader::tick);
        Instant now = clock.instant();
        Heartbeat beat;
        try {
            beat = store.heartbeat(replicaId, pool.availableBits(), now, now.minus(timing.lapse()));
            if (!beat.registered()) {
                store.register(new LinkReplicaStore.Replica(replicaId, PoolShares.SUITE.wireName(),
                        key.publicKey().publicBytes(), startedAt), now);
            }
        } catch (StoreException e) {
            if (!e.getMessage().equals(heartbeatFailure)) { // once per distinct failure, not every tick
                LOG.log(System.Logger.Level.WARNING, "replica {0} cannot reach the shared link''s tables: {1}",
                        replicaId, e.getMessage());
                heartbeatFailure = e.getMessage();
            }
            return;
        }
        if (heartbeatFailure != null) {
            LOG.log(System.Logger.Level.INFO, "replica {0} reaches the shared link''s tables again", replicaId);
            heartbeatFailure = null;
        }
        beat.health().ifPresent(row -> follow(row, beat.livePoolBits()));
        for (Share share : beat.claimed()) {
            take(share);
        }
    }

    private void follow(PublishedHealth row, long livePoolBits) {
        if (row.generation() != generation) {
            if (generation >= 0) {
                long dropped = pool.clear();
                LOG.log(System.Logger.Level.WARNING, "replica {0}: the link was quarantined, {1} pool bits discarded",
                        replicaId, dropped);
            }
            generation = row.generation();
        }
        LinkHealth health;
        try {
            health = PublishedHealthJson.decode(row.health(), livePoolBits);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "replica {0}: {1}", replicaId, e.getMessage());
            return;
        }
        long before = published.health().blocks();
        published = new Published(health, row.publishedAt(), row.leaderId());
        if (health.blocks() != before) {
            listener.published(health);
        }
    }

    private void take(Share share) {
        if (share.generation() != generation) {
            return; // cut before a quarantine: discarded unread
        }
        try (SecretBytes bits = PoolShares.open(key, share.sealed(), share.generation(), share.shareId())) {
            append(pool, bits.reveal());
        } catch (UnsealException e) {
            LOG.log(System.Logger.Level.WARNING, "replica {0}: pool share {1} does not open with this replica''s key "
                    + "and was discarded", replicaId, share.shareId());
        }
    }

    /**
     * Appends {@code bytes} to {@code pool} in the order the pool hands them out (most significant
     * bit first), zeroing the intermediate copy.
     */
    static void append(KeyPool pool, byte[] bytes) {
        long[] words = new long[(bytes.length * 8 + 63) / 64];
        try {
            for (int i = 0; i < bytes.length * 8; i++) {
                if ((bytes[i >>> 3] & (0x80 >>> (i & 7))) != 0) {
                    words[i >>> 6] |= 1L << (i & 63);
                }
            }
            pool.append(BitString.wrap(words, bytes.length * 8L));
        } finally {
            java.util.Arrays.fill(words, 0L);
        }
    }

    /**
     * The health the leader last published, with every live replica's pool; {@link LinkHealth#down()}
     * (with this replica's pool) before any, or when the last one is older than the lapse.
     */
    @Override
    public LinkHealth health() {
        Published current = published;
        if (current.publishedAt().isBefore(clock.instant().minus(timing.lapse()))) {
            LinkHealth down = LinkHealth.down();
            return new LinkHealth(down.state(), down.qber(), down.rateBps(), pool.availableBits(),
                    down.secretFraction(), current.health().blocks(), current.health().lastBlock());
        }
        return current.health();
    }

    @Override
    public Optional<byte[]> takeKey(int bits) {
        return pool.take(bits);
    }

    /** Lifts a quarantine on the leader, which must be this process (otherwise a 400 naming it). */
    @Override
    public void restore() {
        localLink().orElseThrow(() -> new InvalidRequestException(notLeading())).restore();
    }

    /** The leader's simulated link, if this process runs it now. */
    public Optional<io.lightvibes.sim.link.SimulatedLink> localLink() {
        return leader.flatMap(LinkLeader::link);
    }

    /** Why a drill cannot run here: which replica runs the link. */
    String notLeading() {
        String leaderId = published.leaderId();
        return String.format("The link runs in replica %s, not in this one (%s): send link drills and restores "
                + "to it.", leaderId.isEmpty() ? "(none elected yet)" : leaderId, replicaId);
    }

    /** The bits of the pool this replica holds. */
    long heldBits() {
        return pool.availableBits();
    }

    public String replicaId() {
        return replicaId;
    }

    /** Stops the ticks and the link if it runs here, leaves the table and discards this replica's pool. */
    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdown();
            try {
                ticker.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ticker = null;
        }
        leader.ifPresent(LinkLeader::close);
        try {
            store.leave(replicaId);
        } catch (StoreException e) {
            // Unreachable now: the leader reaps this replica and its shares once its heartbeat lapses.
        }
        pool.clear();
    }
}
