package io.lightvibes.sim.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The link monitor: degrade with hysteresis, quarantine on tamper signs, restore. */
class LinkMonitorTest {

    private final List<LinkTransition> seen = new ArrayList<>();

    static BlockObservation block(double qber, long secretBits, double ratio) {
        return new BlockObservation(qber, secretBits, 1e-2, ratio * 1e-2, 0.01);
    }

    static BlockObservation block(double qber) {
        return block(qber, 1000, 0.2);
    }

    static BlockObservation block() {
        return block(0.03);
    }

    LinkMonitor monitor(MonitorPolicy policy) {
        return new LinkMonitor(policy, seen::add);
    }

    static MonitorPolicy policy(double qberThreshold, double hysteresis, int recoverBlocks, double jump, int restore) {
        return new MonitorPolicy(qberThreshold, hysteresis, recoverBlocks, jump, 0.25, restore);
    }

    List<String> kinds() {
        return seen.stream().map(t -> t.kind().entryType()).toList();
    }

    @Test
    void startsDegradedAndBecomesHealthyAfterGoodBlocks() {
        var link = monitor(MonitorPolicy.defaults());
        assertThat(link.state()).isEqualTo(LinkState.DEGRADED);
        assertThat(link.observe(block())).isEqualTo(LinkState.DEGRADED);
        assertThat(link.observe(block())).isEqualTo(LinkState.HEALTHY);
        assertThat(kinds()).containsExactly("link.healthy");
        assertThat(seen.getFirst().from()).isEqualTo(LinkState.DEGRADED);
        assertThat(seen.getFirst().block()).isEqualTo(2);
        assertThat(seen.getFirst().changesMode()).isTrue();
    }

    @Test
    void qberAboveThresholdDegradesAndHysteresisStopsFlapping() {
        var link = monitor(policy(0.08, 0.01, 2, 0.2, 10));
        link.observe(block(0.07));
        link.observe(block(0.07));
        assertThat(link.state()).isEqualTo(LinkState.HEALTHY);
        assertThat(link.observe(block(0.081))).isEqualTo(LinkState.DEGRADED);
        // Hovering just under the threshold is not enough to come back...
        for (double qber : new double[] {0.079, 0.075, 0.078, 0.0715}) {
            assertThat(link.observe(block(qber))).isEqualTo(LinkState.DEGRADED);
        }
        // ...two blocks at or below threshold - hysteresis are.
        link.observe(block(0.065));
        assertThat(link.observe(block(0.066))).isEqualTo(LinkState.HEALTHY);
        assertThat(kinds()).containsExactly("link.healthy", "link.degraded", "link.healthy");
        assertThat(seen.get(1).cause()).contains("above threshold").contains("0.0810").contains("0.08");
        assertThat(seen.get(1).qber()).hasValue(0.081);
    }

    @Test
    void zeroSecretKeyDegrades() {
        var link = monitor(MonitorPolicy.defaults());
        link.observe(block());
        link.observe(block());
        assertThat(link.observe(block(0.03, 0, 0.2))).isEqualTo(LinkState.DEGRADED);
        assertThat(seen.getLast().cause()).isEqualTo("no secret key produced");
    }

    @Test
    void qberJumpQuarantinesUntilACleanRun() {
        var link = monitor(policy(0.08, 0.01, 2, 0.025, 3));
        for (int i = 0; i < 4; i++) {
            link.observe(block(0.03));
        }
        assertThat(link.observe(block(0.06))).isEqualTo(LinkState.QUARANTINED);
        assertThat(seen.getLast().cause()).contains("QBER jumped").contains("0.0300").contains("0.0600");
        // Still attacked: stays quarantined, even below the degrade threshold.
        assertThat(link.observe(block(0.065))).isEqualTo(LinkState.QUARANTINED);
        for (int i = 0; i < 2; i++) {
            assertThat(link.observe(block(0.03))).isEqualTo(LinkState.QUARANTINED);
        }
        assertThat(link.observe(block(0.03))).isEqualTo(LinkState.DEGRADED); // third clean block
        assertThat(kinds().subList(kinds().size() - 2, kinds().size())).containsExactly("link.quarantined", "link.restored");
        link.observe(block(0.03));
        assertThat(link.observe(block(0.03))).isEqualTo(LinkState.HEALTHY);
    }

    @Test
    void operatorRestoreLiftsTheQuarantine() {
        var link = monitor(policy(0.08, 0.01, 2, 0.025, 0));
        link.observe(block(0.02));
        link.observe(block(0.02));
        link.observe(block(0.2));
        assertThat(link.state()).isEqualTo(LinkState.QUARANTINED);
        for (int i = 0; i < 20; i++) { // automatic restore is off
            link.observe(block(0.02));
        }
        assertThat(link.state()).isEqualTo(LinkState.QUARANTINED);
        link.restore();
        assertThat(link.state()).isEqualTo(LinkState.DEGRADED);
        assertThat(seen.getLast().cause()).isEqualTo("restored by an operator");
        assertThat(seen.getLast().qber()).isEmpty();
        assertThat(seen.getLast().evidenceFields()).containsEntry("qber", null).containsEntry("from", "quarantined")
                .containsEntry("to", "degraded").containsKeys("cause", "block");
        link.observe(block(0.02));
        assertThat(link.observe(block(0.02))).isEqualTo(LinkState.HEALTHY);
    }

    @Test
    void restoreOfAnUnquarantinedLinkChangesNothing() {
        var link = monitor(MonitorPolicy.defaults());
        link.restore();
        assertThat(link.state()).isEqualTo(LinkState.DEGRADED);
        assertThat(seen).isEmpty();
    }

    @Test
    void aChangedGainRatioQuarantines() {
        var link = monitor(MonitorPolicy.defaults());
        for (int i = 0; i < 3; i++) {
            link.observe(block(0.03, 1000, 0.2));
        }
        assertThat(link.observe(block(0.03, 1000, 0.3))).isEqualTo(LinkState.QUARANTINED);
        assertThat(seen.getLast().cause()).contains("gain ratio moved by 50%");
    }

    @Test
    void aCollapsedSinglePhotonBoundQuarantines() {
        var link = monitor(MonitorPolicy.defaults());
        for (int i = 0; i < 3; i++) {
            link.observe(block());
        }
        assertThat(link.observe(new BlockObservation(0.03, 1, 1e-2, 2e-3, 0))).isEqualTo(LinkState.QUARANTINED);
        assertThat(seen.getLast().cause()).contains("collapsed");
    }

    @Test
    void badPolicyIsRefused() {
        assertThatThrownBy(() -> new MonitorPolicy(0.05, 0.05, 2, 0.025, 0.25, 10)).hasMessageContaining("hysteresis");
        assertThatThrownBy(() -> new MonitorPolicy(0.08, 0.01, 0, 0.025, 0.25, 10)).hasMessageContaining("recover_blocks");
        assertThatThrownBy(() -> new MonitorPolicy(0.08, 0.01, 2, 0, 0.25, 10)).hasMessageContaining("tamper");
    }
}
