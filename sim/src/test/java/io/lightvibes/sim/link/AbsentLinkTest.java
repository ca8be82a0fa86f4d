package io.lightvibes.sim.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AbsentLinkTest {

    @Test
    void reportsDownWithNoQberAndAnEmptyPool() {
        try (var link = new AbsentLink()) {
            link.start();
            LinkHealth health = link.health();
            assertThat(health.state()).isEqualTo(LinkState.DOWN);
            assertThat(health.qber()).isEmpty();
            assertThat(health.rateBps()).isZero();
            assertThat(health.poolBits()).isZero();
            assertThat(link.takeKey(256)).isEmpty();
        }
    }

    @Test
    void refusesKeyLengthsThatAreNotWholeBytes() {
        try (var link = new AbsentLink()) {
            assertThatThrownBy(() -> link.takeKey(12)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void wireNamesAreLowerCase() {
        assertThat(LinkState.QUARANTINED.wireName()).isEqualTo("quarantined");
    }
}
