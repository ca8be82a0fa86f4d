package io.lightvibes.sim.link;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Turns each block's statistics into a link state: {@code healthy -> degraded -> quarantined}.
 *
 * <ul>
 *   <li><b>degraded</b>: the last block's QBER is above the threshold, or it produced no secret
 *       key. The link returns to healthy only after {@code recoverBlocks} consecutive blocks with
 *       QBER at or below {@code threshold - hysteresis} and a positive key: the gap and the run
 *       stop the mode from flapping when the QBER hovers around the threshold.
 *   <li><b>quarantined</b>: the tamper rule fired: the QBER jumped by more than
 *       {@code tamperQberJump} above its running baseline in one block (an intercept-resend attack
 *       on a fraction p of pulses adds about p/4), or the decoy statistics contradict the baseline
 *       (the decoy/signal gain ratio moved by more than {@code tamperGainRatioChange}, or the decoy
 *       bound on the single-photon yield collapsed although clicks arrived: signatures of
 *       photon-number-splitting or detector attacks). It holds until an operator restores the
 *       link or {@code restoreCleanBlocks} clean blocks in a row have been seen.
 * </ul>
 *
 * <p>Every transition goes to the {@link EventSink}. Not thread-safe: one link owns one monitor
 * and calls it under its own lock.
 */
public final class LinkMonitor {

    /** EWMA weight of the newest clean block in the baselines. */
    private static final double BASELINE_WEIGHT = 0.2;

    private final MonitorPolicy policy;
    private final EventSink events;
    private LinkState state = LinkState.DEGRADED; // nothing measured yet: not fit to serve QMK
    private long blocks;
    private int goodRun;
    private int cleanRun;
    private OptionalDouble baselineQber = OptionalDouble.empty();
    private OptionalDouble baselineGainRatio = OptionalDouble.empty();

    public LinkMonitor(MonitorPolicy policy, EventSink events) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.events = Objects.requireNonNull(events, "events");
    }

    public MonitorPolicy policy() {
        return policy;
    }

    /** The state after the last block (or restore). */
    public LinkState state() {
        return state;
    }

    /** Blocks observed. */
    public long blocks() {
        return blocks;
    }

    /** Folds in one block and returns the state after it. */
    public LinkState observe(BlockObservation block) {
        blocks++;
        Optional<String> tamper = tamperSigns(block);
        boolean good = block.qber() <= policy.qberThreshold() && block.secretBits() > 0;
        boolean clean = tamper.isEmpty() && block.secretBits() > 0
                && block.qber() <= policy.qberThreshold() - policy.hysteresis();
        cleanRun = clean ? cleanRun + 1 : 0;
        if (tamper.isPresent()) {
            goodRun = 0;
            move(LinkState.QUARANTINED, LinkTransition.Kind.QUARANTINED, tamper.get(), OptionalDouble.of(block.qber()));
            return state;
        }
        if (state == LinkState.QUARANTINED) {
            if (policy.restoreCleanBlocks() > 0 && cleanRun >= policy.restoreCleanBlocks()) {
                restored(cleanRun + " clean blocks in a row", OptionalDouble.of(block.qber()));
            }
            return state;
        }
        if (clean) {
            learn(block);
        }
        if (state == LinkState.HEALTHY && !good) {
            String cause = block.qber() > policy.qberThreshold()
                    ? String.format(Locale.ROOT, "QBER %.4f above threshold %s", block.qber(), policy.qberThreshold())
                    : "no secret key produced";
            goodRun = 0;
            move(LinkState.DEGRADED, LinkTransition.Kind.DEGRADED, cause, OptionalDouble.of(block.qber()));
        } else if (state != LinkState.HEALTHY) {
            goodRun = clean ? goodRun + 1 : 0;
            if (goodRun >= policy.recoverBlocks()) {
                move(LinkState.HEALTHY, LinkTransition.Kind.HEALTHY, goodRun + " blocks below threshold - hysteresis",
                        OptionalDouble.of(block.qber()));
            }
        }
        return state;
    }

    /** Lifts a quarantine; the link serves QMK again after {@code recoverBlocks} good blocks. */
    public void restore(String operatorCause) {
        if (state == LinkState.QUARANTINED) {
            cleanRun = 0;
            restored(operatorCause, OptionalDouble.empty());
        }
    }

    /** {@link #restore(String)} with the cause "restored by an operator". */
    public void restore() {
        restore("restored by an operator");
    }

    private Optional<String> tamperSigns(BlockObservation block) {
        if (baselineQber.isPresent() && block.qber() > baselineQber.getAsDouble() + policy.tamperQberJump()) {
            return Optional.of(String.format(Locale.ROOT, "QBER jumped from a baseline of %.4f to %.4f",
                    baselineQber.getAsDouble(), block.qber()));
        }
        if (block.gainSignal() > 0 && block.y1Lower() <= 0) {
            return Optional.of("decoy bound on the single-photon yield collapsed although clicks arrived");
        }
        if (baselineGainRatio.isPresent() && block.gainSignal() > 0) {
            double baseline = baselineGainRatio.getAsDouble();
            double change = Math.abs(block.gainDecoy() / block.gainSignal() - baseline) / baseline;
            if (change > policy.tamperGainRatioChange()) {
                return Optional.of(String.format(Locale.ROOT, "decoy/signal gain ratio moved by %.0f%% from its baseline",
                        100 * change));
            }
        }
        return Optional.empty();
    }

    private void learn(BlockObservation block) {
        if (block.gainSignal() <= 0) {
            return;
        }
        double ratio = block.gainDecoy() / block.gainSignal();
        if (baselineQber.isEmpty() || baselineGainRatio.isEmpty()) {
            baselineQber = OptionalDouble.of(block.qber());
            baselineGainRatio = OptionalDouble.of(ratio);
            return;
        }
        baselineQber = OptionalDouble.of((1 - BASELINE_WEIGHT) * baselineQber.getAsDouble() + BASELINE_WEIGHT * block.qber());
        baselineGainRatio = OptionalDouble.of((1 - BASELINE_WEIGHT) * baselineGainRatio.getAsDouble() + BASELINE_WEIGHT * ratio);
    }

    private void restored(String cause, OptionalDouble qber) {
        // Forget the baselines: the link may come back with different physics (new fibre).
        baselineQber = OptionalDouble.empty();
        baselineGainRatio = OptionalDouble.empty();
        goodRun = 0;
        move(LinkState.DEGRADED, LinkTransition.Kind.RESTORED, cause, qber);
    }

    private void move(LinkState to, LinkTransition.Kind kind, String cause, OptionalDouble qber) {
        if (to == state) {
            return;
        }
        var transition = new LinkTransition(kind, state, to, cause, qber, blocks);
        state = to;
        events.emit(transition);
    }
}
