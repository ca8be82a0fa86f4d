package io.lightvibes.sim.link;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.sim.driver.JavaKernels;
import io.lightvibes.sim.photonics.JavaPhotonicsDriver;
import io.lightvibes.sim.photonics.RandomSources;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The health listener hears every block, after the transitions it caused, and a restore. */
class HealthListenerTest {

    final List<String> heard = new CopyOnWriteArrayList<>();
    final List<LinkHealth> published = new CopyOnWriteArrayList<>();

    SimulatedLink link(HealthListener listener) {
        return SimulatedLink.builder(LinkOptions.builder().pulsesPerBlock(100_000_000).repetitionRateHz(1e8)
                        .restoreCleanBlocks(0).build())
                .kernels(new JavaKernels())
                .driver(new JavaPhotonicsDriver(RandomSources.seeded(7)))
                .random(RandomSources.seeded(8))
                .events(transition -> heard.add(transition.kind().entryType()))
                .health(listener)
                .build();
    }

    @Test
    void everyBlockPublishesTheHealthItLeftAfterItsTransitions() {
        SimulatedLink link = link(health -> {
            heard.add("health " + health.blocks() + " " + health.state().wireName());
            published.add(health);
        });
        link.step();
        link.step();
        assertThat(published).hasSize(2);
        assertThat(published.get(1).blocks()).isEqualTo(2);
        assertThat(published.get(1).qber()).isPresent();
        assertThat(published.get(1).poolBits()).isPositive();
        assertThat(published.get(1)).isEqualTo(link.health());

        link.adjust(OptionalDouble.of(1.0), OptionalDouble.empty());
        link.step();
        // The quarantine is recorded before the health that shows it is published.
        assertThat(heard.subList(heard.size() - 2, heard.size()))
                .containsExactly("link.quarantined", "health 3 quarantined");
        assertThat(published.getLast().poolBits()).isZero();

        link.restore();
        assertThat(published).hasSize(4);
        assertThat(published.getLast().state()).isNotEqualTo(LinkState.QUARANTINED);
    }

    @Test
    void aThrowingListenerDoesNotStopTheLink() {
        SimulatedLink link = link(health -> {
            throw new IllegalStateException("listener broke");
        });
        assertThat(link.step()).isPresent();
        assertThat(link.step()).isPresent();
        assertThat(link.health().blocks()).isEqualTo(2);
    }
}
