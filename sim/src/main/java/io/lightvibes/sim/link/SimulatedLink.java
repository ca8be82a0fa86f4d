package io.lightvibes.sim.link;

import io.lightvibes.sim.driver.Kernels;
import io.lightvibes.sim.driver.PhotonicsDriver;
import io.lightvibes.sim.photonics.LinkParameters;
import io.lightvibes.sim.photonics.RandomSources;
import io.lightvibes.sim.postprocess.BlockResult;
import io.lightvibes.sim.postprocess.BlockRunner;
import io.lightvibes.sim.postprocess.BlockStatistics;
import io.lightvibes.sim.postprocess.CascadeParameters;
import io.lightvibes.sim.postprocess.KeyAgreementException;
import io.lightvibes.sim.theory.SimulationPoint;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * A QKD link backed by the simulated photonics and the real post-processing: blocks in a paced
 * background thread. Each block is {@code pulses_per_block / repetition_rate_hz} seconds of
 * light; the thread runs a block, hands its statistics to the {@link LinkMonitor}, appends the
 * final key to the pool unless the link is quarantined (a quarantine also empties the pool), and
 * sleeps for whatever is left of the block's light time, so {@code rate_bps} (secret bits per
 * wall-clock second actually produced, over the last {@value #RATE_WINDOW_BLOCKS} blocks) is what
 * a real link with this post-processing would deliver. If post-processing is slower than the
 * light, the rate honestly drops.
 *
 * <p>Thread-safe: {@link #health()}, {@link #takeKey} and the drills take short locks only.
 * Transitions reach the {@link EventSink}, then the new health the {@link HealthListener}, on
 * the link's thread (or the caller's, for {@link #restore()}), outside those locks. The driver stays the caller's to close.
 */
public final class SimulatedLink implements Link {

    static final int RATE_WINDOW_BLOCKS = 10;
    private static final Logger LOG = System.getLogger("io.lightvibes.sim.link");

    private record Window(double seconds, long secretBits) {
    }

    private final BlockRunner runner;
    private final RandomGenerator.SplittableGenerator random;
    private final KeyPool pool;
    private final Ticker ticker;
    private final Sleeper sleeper;
    private final EventSink events;
    private final HealthListener listener;
    private final List<LinkTransition> pending = new ArrayList<>();
    private final LinkMonitor monitor;
    private final ReentrantLock lock = new ReentrantLock(); // params, monitor, window, last block
    private final ReentrantLock running = new ReentrantLock(); // one block at a time on the driver
    private final Deque<Window> window = new ArrayDeque<>();
    private LinkParameters params;
    private Optional<SimulationPoint> last = Optional.empty();
    private boolean failed;
    private boolean closed;
    private Thread thread;
    private volatile boolean stopping;

    private SimulatedLink(Builder builder) {
        this.runner = new BlockRunner(builder.kernels, builder.driver, builder.cascade);
        this.random = builder.random;
        this.pool = new KeyPool(builder.options.poolMaxBits());
        this.ticker = builder.ticker;
        this.sleeper = builder.sleeper;
        this.events = builder.events;
        this.listener = builder.listener;
        this.monitor = new LinkMonitor(builder.options.toMonitorPolicy(), pending::add);
        this.params = builder.options.toLinkParameters();
    }

    /** A builder for a link with these options; the kernels, driver and randomness come in through it. */
    public static Builder builder(LinkOptions options) {
        return new Builder(options);
    }

    /**
     * The ends' random source for {@code options}: from {@code LIGHTVIBES_LINK_SEED} when set
     * (reproducible), else seeded from {@code entropy} (e.g. a {@code SecureRandom}). Seed the
     * driver from the same value, e.g. {@code new JavaPhotonicsDriver(root.split())}.
     */
    public static RandomGenerator.SplittableGenerator randomFor(LinkOptions options, RandomGenerator entropy) {
        return options.seed().isPresent() ? RandomSources.seeded(options.seed().getAsLong())
                : RandomSources.fromEntropy(entropy);
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (thread != null) {
                return;
            }
            stopping = false;
            closed = false;
            thread = Thread.ofPlatform().name("lightvibes-link").daemon(true).unstarted(this::loop);
            thread.start();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        Thread running;
        lock.lock();
        try {
            running = thread;
            thread = null;
            closed = true;
            stopping = true;
        } finally {
            lock.unlock();
        }
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public LinkHealth health() {
        lock.lock();
        try {
            boolean dead = thread != null && !thread.isAlive();
            LinkState state = failed || closed || dead ? LinkState.DOWN : monitor.state();
            double seconds = 0;
            long bits = 0;
            for (Window w : window) {
                seconds += w.seconds();
                bits += w.secretBits();
            }
            Optional<BlockStatistics> block = last.map(SimulationPoint::statistics);
            return new LinkHealth(state,
                    block.map(b -> OptionalDouble.of(b.qber())).orElse(OptionalDouble.empty()),
                    seconds > 0 ? bits / seconds : 0.0,
                    pool.availableBits(),
                    block.map(b -> OptionalDouble.of(b.secretFraction())).orElse(OptionalDouble.empty()),
                    monitor.blocks(),
                    last.map(SimulationPoint::toMap));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<byte[]> takeKey(int bits) {
        return pool.take(bits);
    }

    @Override
    public void restore() {
        lock.lock();
        try {
            monitor.restore();
        } finally {
            lock.unlock();
        }
        deliver();
        publish();
    }

    /** The physics the next block will run with. */
    public LinkParameters parameters() {
        lock.lock();
        try {
            return params;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drills: changes the eavesdropper fraction and/or the fibre length from the next block on.
     *
     * @return the new parameters
     * @throws io.lightvibes.sim.photonics.InvalidParametersException if a value is out of range
     *     (nothing changes then)
     */
    public LinkParameters adjust(OptionalDouble eveFraction, OptionalDouble distanceKm) {
        lock.lock();
        try {
            LinkParameters.Builder next = params.toBuilder();
            eveFraction.ifPresent(next::eveFraction);
            distanceKm.ifPresent(next::distanceKm);
            params = next.build();
            return params;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs one block now and folds it in (the background thread calls this; tests may too).
     *
     * @return the block's statistics, empty when the block had to be discarded (the ends
     *     disagreed on the final key, a probability-epsilon_cor event)
     */
    public Optional<BlockStatistics> step() {
        running.lock();
        try {
            LinkParameters at = parameters();
            long started = ticker.nanos();
            BlockResult result;
            try {
                result = runner.run(at, random, false);
            } catch (KeyAgreementException e) {
                LOG.log(Level.WARNING, "block discarded: {0}", e.getMessage());
                return Optional.empty();
            } catch (RuntimeException e) {
                // The driver or a kernel failed: report DOWN until a block succeeds again.
                markFailed();
                throw e;
            }
            double elapsed = (ticker.nanos() - started) / 1e9;
            fold(at, result, elapsed);
            deliver();
            publish();
            return Optional.of(result.statistics());
        } finally {
            running.unlock();
        }
    }

    private void fold(LinkParameters at, BlockResult result, double elapsedSeconds) {
        BlockStatistics s = result.statistics();
        var observation = new BlockObservation(s.qber(), s.secretBits(), s.gainSignal(), s.gainDecoy(), s.y1Lower());
        lock.lock();
        try {
            LinkState before = monitor.state();
            LinkState after = monitor.observe(observation);
            long produced = 0;
            if (after == LinkState.QUARANTINED) {
                if (before != LinkState.QUARANTINED) {
                    pool.clear(); // keys distilled while the link may be under attack are not handed out
                }
            } else {
                pool.append(result.key());
                produced = s.secretBits();
            }
            // A block occupies its light time, or its post-processing time if that is longer.
            window.addLast(new Window(Math.max(elapsedSeconds, at.blockLightSeconds()), produced));
            while (window.size() > RATE_WINDOW_BLOCKS) {
                window.removeFirst();
            }
            last = Optional.of(SimulationPoint.of(at, s));
            failed = false;
        } finally {
            lock.unlock();
            result.key().wipe();
        }
    }

    private void markFailed() {
        lock.lock();
        try {
            failed = true;
        } finally {
            lock.unlock();
        }
    }

    /** Hands the transitions the monitor produced to the sink, in order, outside the lock. */
    private void deliver() {
        List<LinkTransition> ready;
        lock.lock();
        try {
            ready = List.copyOf(pending);
            pending.clear();
        } finally {
            lock.unlock();
        }
        for (LinkTransition transition : ready) {
            try {
                events.emit(transition);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "link transition " + transition.kind().entryType() + " not delivered", e);
            }
        }
    }

    /** Hands the health now to the listener, outside the lock; a failing listener is logged, never fatal. */
    private void publish() {
        try {
            listener.published(health());
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "link health not delivered to its listener", e);
        }
    }

    private void loop() {
        while (!stopping) {
            LinkParameters at = parameters();
            long started = ticker.nanos();
            try {
                step();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "link block failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
            long remaining = Math.round(at.blockLightSeconds() * 1e9) - (ticker.nanos() - started);
            if (remaining > 0 && !stopping) {
                try {
                    sleeper.sleep(Duration.ofNanos(remaining));
                } catch (InterruptedException e) {
                    if (stopping) {
                        return;
                    }
                }
            }
        }
    }

    /** Builds a {@link SimulatedLink}: kernels, driver and random source are required. */
    public static final class Builder {
        private final LinkOptions options;
        private Kernels kernels;
        private PhotonicsDriver driver;
        private RandomGenerator.SplittableGenerator random;
        private EventSink events = new LoggingEventSink();
        private HealthListener listener = HealthListener.NONE;
        private Ticker ticker = Ticker.system();
        private Sleeper sleeper = Sleeper.system();
        private CascadeParameters cascade = CascadeParameters.defaults();

        private Builder(LinkOptions options) {
            this.options = Objects.requireNonNull(options, "options");
        }

        /** The bit kernels (Java or native). */
        public Builder kernels(Kernels value) {
            kernels = Objects.requireNonNull(value, "kernels");
            return this;
        }

        /** The photonics driver (Java or native), seeded by its creator. */
        public Builder driver(PhotonicsDriver value) {
            driver = Objects.requireNonNull(value, "driver");
            return this;
        }

        /** The two ends' randomness (see {@link SimulatedLink#randomFor}). */
        public Builder random(RandomGenerator.SplittableGenerator value) {
            random = Objects.requireNonNull(value, "random");
            return this;
        }

        /** Where transitions go (default: the log). */
        public Builder events(EventSink value) {
            events = Objects.requireNonNull(value, "events");
            return this;
        }

        /** Who hears the health after each block (default: nobody). */
        public Builder health(HealthListener value) {
            listener = Objects.requireNonNull(value, "listener");
            return this;
        }

        /** The monotonic clock that times blocks (default: {@code System.nanoTime}). */
        public Builder ticker(Ticker value) {
            ticker = Objects.requireNonNull(value, "ticker");
            return this;
        }

        /** How the thread waits out a block's light time (default: {@code Thread.sleep}). */
        public Builder sleeper(Sleeper value) {
            sleeper = Objects.requireNonNull(value, "sleeper");
            return this;
        }

        /** Cascade's parameters (default: Martinez-Mateo et al.'s). */
        public Builder cascade(CascadeParameters value) {
            cascade = Objects.requireNonNull(value, "cascade");
            return this;
        }

        public SimulatedLink build() {
            if (kernels == null || driver == null || random == null) {
                throw new IllegalStateException("a simulated link needs kernels, a driver and a random source");
            }
            return new SimulatedLink(this);
        }
    }
}
