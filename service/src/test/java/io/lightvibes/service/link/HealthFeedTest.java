package io.lightvibes.service.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.sim.link.LinkHealth;
import io.lightvibes.sim.link.LinkState;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** Every subscriber gets every block in order; a full one is cut off, never waited for. */
class HealthFeedTest {

    static LinkHealth block(long n) {
        return new LinkHealth(LinkState.HEALTHY, OptionalDouble.of(0.03), 24_000, 1024 * n, OptionalDouble.of(0.1), n,
                Optional.empty());
    }

    @Test
    void everySubscriberSeesEveryBlockInOrder() throws InterruptedException {
        var feed = new HealthFeed(8);
        try (var first = feed.subscribe(); var second = feed.subscribe()) {
            assertThat(feed.subscribers()).isEqualTo(2);
            feed.published(block(1));
            feed.published(block(2));
            assertThat(first.next(Duration.ZERO)).contains(block(1));
            assertThat(first.next(Duration.ZERO)).contains(block(2));
            assertThat(first.next(Duration.ZERO)).isEmpty();
            assertThat(second.next(Duration.ZERO)).contains(block(1));
        }
        assertThat(feed.subscribers()).isZero();
    }

    @Test
    void aSubscriberThatFallsBehindIsCutOffAndTheOthersCarryOn() throws InterruptedException {
        var feed = new HealthFeed(3);
        try (var slow = feed.subscribe(); var quick = feed.subscribe()) {
            for (long n = 1; n <= 4; n++) { // the fourth block finds the slow queue full
                feed.published(block(n));
                assertThat(quick.next(Duration.ZERO)).contains(block(n));
            }
            assertThat(feed.subscribers()).isEqualTo(1);
            assertThatThrownBy(() -> slow.next(Duration.ZERO)).isInstanceOf(HealthFeed.FellBehindException.class)
                    .hasMessageContaining("3 blocks behind").hasMessageContaining("reconnect");
            feed.published(block(5));
            assertThat(quick.next(Duration.ZERO)).contains(block(5));
        }
    }

    @Test
    void aQueueHoldsAtLeastOneBlock() {
        assertThatThrownBy(() -> new HealthFeed(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
