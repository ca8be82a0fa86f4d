package io.lightvibes.sim.link;

import java.util.Locale;

/**
 * How the {@link LinkMonitor} judges blocks. Defaults are the prototype's
 * ({@code LIGHTVIBES_QBER_THRESHOLD} and the {@code LIGHTVIBES_LINK_*} monitor settings).
 *
 * @param qberThreshold QBER above which the link is degraded
 * @param hysteresis a degraded link recovers only at QBER &lt;= threshold - hysteresis
 * @param recoverBlocks consecutive good blocks before a degraded link is healthy again
 * @param tamperQberJump a QBER rise above the running baseline that quarantines the link
 * @param tamperGainRatioChange relative change of the decoy/signal gain ratio that quarantines
 * @param restoreCleanBlocks clean blocks in a row that lift a quarantine (0: operator only)
 */
public record MonitorPolicy(
        double qberThreshold,
        double hysteresis,
        int recoverBlocks,
        double tamperQberJump,
        double tamperGainRatioChange,
        int restoreCleanBlocks) {

    private static final MonitorPolicy DEFAULTS = new MonitorPolicy(0.08, 0.01, 2, 0.025, 0.25, 10);

    public MonitorPolicy {
        if (!(qberThreshold > 0.0 && qberThreshold < 0.5)) {
            throw new IllegalArgumentException(
                    String.format(Locale.ROOT, "the QBER threshold must be in (0, 0.5), got %s", qberThreshold));
        }
        if (!(hysteresis >= 0.0 && hysteresis < qberThreshold)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the QBER hysteresis must be in [0, qber_threshold) = [0, %s), got %s", qberThreshold, hysteresis));
        }
        if (recoverBlocks < 1 || restoreCleanBlocks < 0) {
            throw new IllegalArgumentException("recover_blocks must be >= 1 and restore_clean_blocks >= 0");
        }
        if (!(tamperQberJump > 0.0) || !(tamperGainRatioChange > 0.0)) {
            throw new IllegalArgumentException("the tamper thresholds must be positive");
        }
    }

    /** The defaults. */
    public static MonitorPolicy defaults() {
        return DEFAULTS;
    }
}
