package io.lightvibes.sim.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lightvibes.sim.driver.DetectionBlock;
import io.lightvibes.sim.driver.JavaKernels;
import io.lightvibes.sim.driver.PhotonicsConfig;
import io.lightvibes.sim.driver.PhotonicsDriver;
import io.lightvibes.sim.photonics.InvalidParametersException;
import io.lightvibes.sim.photonics.JavaPhotonicsDriver;
import io.lightvibes.sim.photonics.RandomSources;
import io.lightvibes.sim.postprocess.BlockStatistics;
import io.lightvibes.sim.theory.SimulationPoint;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The running link: blocks feed the pool and the monitor, drills move the QBER as physics says,
 * the thread is paced by light time. Time is a fake: the ticker only moves when a test (or the
 * fake sleeper, or a slow fake driver) moves it, so nothing here waits for real.
 */
class SimulatedLinkTest {

    /** 10^8 pulses at 25 km and 10^8 Hz: one second of light and about 7 kbit of final key per block. */
    static final LinkOptions SMALL = LinkOptions.builder().pulsesPerBlock(100_000_000).repetitionRateHz(1e8).build();

    final AtomicLong now = new AtomicLong();
    final List<LinkTransition> events = new CopyOnWriteArrayList<>();
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    /** A sleeper that records the wait and moves the fake clock by it. */
    final Sleeper fakeSleeper = duration -> {
        sleeps.add(duration);
        now.addAndGet(duration.toNanos());
        Thread.sleep(1); // let other threads look in; stopping interrupts this
    };

    SimulatedLink link(LinkOptions options, PhotonicsDriver driver) {
        return SimulatedLink.builder(options)
                .kernels(new JavaKernels())
                .driver(driver)
                .random(RandomSources.seeded(8))
                .events(events::add)
                .ticker(now::get)
                .sleeper(fakeSleeper)
                .build();
    }

    SimulatedLink link(LinkOptions options) {
        return link(options, new JavaPhotonicsDriver(RandomSources.seeded(7)));
    }

    /** The Java driver with {@code before} run ahead of every block. */
    static PhotonicsDriver wrapped(Runnable before) {
        var inner = new JavaPhotonicsDriver(RandomSources.seeded(7));
        return new PhotonicsDriver() {
            @Override
            public String name() {
                return "wrapped";
            }

            @Override
            public DetectionBlock nextBlock(PhotonicsConfig config) {
                before.run();
                return inner.nextBlock(config);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    List<String> kinds() {
        return events.stream().map(t -> t.kind().entryType()).toList();
    }

    @Test
    void blocksFillThePoolAndMakeTheLinkHealthy() {
        var link = link(SMALL);
        assertThat(link.health().state()).isEqualTo(LinkState.DEGRADED); // nothing measured yet
        BlockStatistics first = link.step().orElseThrow();
        BlockStatistics second = link.step().orElseThrow();
        LinkHealth health = link.health();
        assertThat(health.state()).isEqualTo(LinkState.HEALTHY);
        assertThat(health.poolBits()).isEqualTo(first.secretBits() + second.secretBits()).isPositive();
        assertThat(health.qber()).hasValue(second.qber());
        assertThat(second.qber()).isBetween(0.02, 0.05); // e_d = 3.3 % plus dark counts
        assertThat(health.blocks()).isEqualTo(2);
        assertThat(health.secretFraction()).hasValue(second.secretFraction());
        // Two blocks of 1 s of light each, post-processing took no (fake) time.
        assertThat(health.rateBps()).isCloseTo(health.poolBits() / 2.0, within(1e-9));
        assertThat(health.lastBlock()).hasValueSatisfying(point -> {
            assertThat(point.keySet()).containsExactlyElementsOf(SimulationPoint.FIELDS);
            assertThat((long) point.get("sifted_bits")).isPositive();
        });
        assertThat(link.takeKey(256)).hasValueSatisfying(key -> assertThat(key).hasSize(32));
        assertThat(link.health().poolBits()).isEqualTo(health.poolBits() - 256);
    }

    @Test
    void anEavesdropperQuarantinesEmptiesThePoolAndRestoreBringsItBack() {
        var link = link(SMALL.toBuilder().restoreCleanBlocks(0).build());
        link.step();
        link.step();
        assertThat(link.health().state()).isEqualTo(LinkState.HEALTHY);
        double before = link.health().qber().orElseThrow();
        link.adjust(OptionalDouble.of(0.4), OptionalDouble.empty());
        BlockStatistics attacked = link.step().orElseThrow();
        // Intercept-resend on a fraction p raises the QBER by about p/4.
        assertThat(attacked.qber() - before).isCloseTo(0.4 / 4, within(0.02));
        LinkHealth health = link.health();
        assertThat(health.state()).isEqualTo(LinkState.QUARANTINED);
        assertThat(health.poolBits()).isZero();
        assertThat(link.takeKey(256)).isEmpty();
        link.adjust(OptionalDouble.of(0.0), OptionalDouble.empty());
        link.step();
        assertThat(link.health().state()).isEqualTo(LinkState.QUARANTINED); // operator restore only
        assertThat(link.health().poolBits()).isZero();
        link.restore();
        link.step();
        link.step();
        assertThat(link.health().state()).isEqualTo(LinkState.HEALTHY);
        assertThat(kinds()).containsExactly("link.healthy", "link.quarantined", "link.restored", "link.healthy");
        assertThat(events.get(1).cause()).contains("QBER jumped");
    }

    @Test
    void longerFibreLowersTheRateAndBadDrillsAreRefused() {
        var link = link(SMALL);
        BlockStatistics near = link.step().orElseThrow();
        assertThat(link.adjust(OptionalDouble.empty(), OptionalDouble.of(60.0)).distanceKm()).isEqualTo(60.0);
        BlockStatistics far = link.step().orElseThrow();
        assertThat(far.detections()).isLessThan(near.detections() / 5); // 35 km more at 0.21 dB/km is 7.35 dB
        assertThatThrownBy(() -> link.adjust(OptionalDouble.of(0.5), OptionalDouble.of(-1.0)))
                .isInstanceOf(InvalidParametersException.class).hasMessageContaining("distance_km");
        assertThat(link.parameters().distanceKm()).isEqualTo(60.0);
        assertThat(link.parameters().eveFraction()).isZero(); // nothing half-applied
    }

    @Test
    void backgroundThreadRunsPacedBlocksAndStops() throws InterruptedException {
        var link = link(SMALL);
        link.start();
        link.start(); // no effect
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (link.health().blocks() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(link.health().blocks()).isGreaterThanOrEqualTo(3);
            assertThat(link.health().state()).isEqualTo(LinkState.HEALTHY);
        } finally {
            link.close();
        }
        // Each block was paced to its light time: the whole second was slept.
        assertThat(sleeps).isNotEmpty().allSatisfy(d -> assertThat(d).isEqualTo(Duration.ofSeconds(1)));
        long blocks = link.health().blocks();
        Thread.sleep(50);
        assertThat(link.health().blocks()).isEqualTo(blocks); // stopped
        assertThat(link.health().state()).isEqualTo(LinkState.DOWN);
        link.close(); // idempotent
    }

    @Test
    void slowPostProcessingHonestlyLowersTheRate() throws InterruptedException {
        // The driver "takes" 3 s of (fake) time per block of 1 s of light.
        PhotonicsDriver slow = wrapped(() -> now.addAndGet(Duration.ofSeconds(3).toNanos()));
        var link = link(SMALL, slow);
        long produced = link.step().orElseThrow().secretBits() + link.step().orElseThrow().secretBits();
        assertThat(link.health().rateBps()).isCloseTo(produced / 6.0, within(1e-9));
        link.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (link.health().blocks() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } finally {
            link.close();
        }
        assertThat(sleeps).isEmpty(); // no light time left to wait out
    }

    @Test
    void aFailingDriverReportsDownUntilABlockSucceeds() throws InterruptedException {
        var failures = new AtomicInteger(0);
        PhotonicsDriver flaky = wrapped(() -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("time-tagger unplugged");
            }
        });
        var link = link(SMALL, flaky);
        link.step();
        assertThat(link.health().state()).isEqualTo(LinkState.DEGRADED);
        failures.set(1);
        assertThatThrownBy(link::step).hasMessageContaining("unplugged");
        assertThat(link.health().state()).isEqualTo(LinkState.DOWN);
        link.start(); // the thread logs failures and keeps going
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (link.health().blocks() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(link.health().state()).isEqualTo(LinkState.HEALTHY);
        } finally {
            link.close();
        }
    }

    @Test
    void optionsMapEveryPhysicalSetting() {
        LinkOptions options = LinkSetting.fromEnvironment(java.util.Map.of(
                "LIGHTVIBES_LINK_DISTANCE_KM", "40",
                "LIGHTVIBES_LINK_MU", "0.6",
                "LIGHTVIBES_LINK_NU", "0.2",
                "LIGHTVIBES_LINK_EVE_FRACTION", "0.1",
                "LIGHTVIBES_LINK_PULSES_PER_BLOCK", "1e7",
                "LIGHTVIBES_LINK_SEED", "3"));
        var link = link(options);
        var params = link.parameters();
        assertThat(List.of(params.distanceKm(), params.mu(), params.nu(), params.eveFraction()))
                .containsExactly(40.0, 0.6, 0.2, 0.1);
        assertThat(params.pulsesPerBlock()).isEqualTo(10_000_000L);
        assertThat(options.seed()).hasValue(3);
    }
}
