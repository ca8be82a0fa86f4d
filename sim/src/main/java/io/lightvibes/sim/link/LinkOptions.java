package io.lightvibes.sim.link;

import io.lightvibes.sim.photonics.InvalidParametersException;
import io.lightvibes.sim.photonics.LinkParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The running link's settings: every {@code LIGHTVIBES_LINK_*} variable of the prototype, with
 * its default and range, plus {@code LIGHTVIBES_QBER_THRESHOLD}. {@link LinkSetting} names and
 * parses each one; {@link #toLinkParameters()} and {@link #toMonitorPolicy()} turn them into the
 * simulator's physics and the monitor's policy. Defaults: the GYS physics at 25 km, 10^8 Hz and
 * 2 x 10^8 pulses per block (2 s of light).
 *
 * @param enabled run the simulated link (false: PQC only)
 * @param distanceKm fibre length, 0-500 km
 * @param alphaDbPerKm fibre attenuation, 0-2 dB/km
 * @param mu signal mean photon number, (0, 10]
 * @param nu weak-decoy mean photon number, (0, 10], below mu
 * @param detectorEfficiency Bob's detection efficiency including his optics, (0, 1]
 * @param darkCountProbability background click probability per gate (Y0), [0, 1)
 * @param misalignment optical misalignment error e_d, [0, 0.5]
 * @param eveFraction intercept-resend eavesdropper on this fraction of pulses (drills), [0, 1]
 * @param repetitionRateHz pulse repetition rate, (0, 1e11] Hz
 * @param pulsesPerBlock pulses per block, [1e6, 1e11]
 * @param epsilonSec secrecy parameter of the finite-key bound, (0, 1)
 * @param epsilonCor correctness parameter (verification hash), (0, 1)
 * @param poolMaxBits capacity of the key pool, [8, 2^34] bits (oldest dropped)
 * @param seed seed of the simulator's random generators; empty means fresh entropy
 * @param qberThreshold QBER above which the link is degraded ({@code LIGHTVIBES_QBER_THRESHOLD}), (0, 0.5)
 * @param qberHysteresis a degraded link recovers only at QBER &lt;= threshold - hysteresis, [0, 0.5)
 * @param recoverBlocks consecutive good blocks before a degraded link is healthy, [1, 1000]
 * @param tamperQberJump QBER rise above the baseline that quarantines, (0, 0.5)
 * @param tamperGainRatioChange relative decoy/signal gain ratio change that quarantines, (0, 10]
 * @param restoreCleanBlocks clean blocks in a row that lift a quarantine (0: operator only), [0, 100000]
 */
public record LinkOptions(
        boolean enabled,
        double distanceKm,
        double alphaDbPerKm,
        double mu,
        double nu,
        double detectorEfficiency,
        double darkCountProbability,
        double misalignment,
        double eveFraction,
        double repetitionRateHz,
        long pulsesPerBlock,
        double epsilonSec,
        double epsilonCor,
        long poolMaxBits,
        OptionalLong seed,
        double qberThreshold,
        double qberHysteresis,
        int recoverBlocks,
        double tamperQberJump,
        double tamperGainRatioChange,
        int restoreCleanBlocks) {

    private static final LinkOptions DEFAULTS = new LinkOptions(true, 25.0, 0.21, 0.5, 0.1, 0.045, 1.7e-6, 0.033, 0.0,
            1e8, 200_000_000L, 1e-10, 1e-15, 1L << 23, OptionalLong.empty(), 0.08, 0.01, 2, 0.025, 0.25, 10);

    public LinkOptions {
        Objects.requireNonNull(seed, "seed");
        List<String> broken = new ArrayList<>();
        range(broken, LinkSetting.DISTANCE_KM, distanceKm, 0.0, true, 500.0, true);
        range(broken, LinkSetting.ALPHA_DB_PER_KM, alphaDbPerKm, 0.0, true, 2.0, true);
        range(broken, LinkSetting.MU, mu, 0.0, false, 10.0, true);
        range(broken, LinkSetting.NU, nu, 0.0, false, 10.0, true);
        range(broken, LinkSetting.DETECTOR_EFFICIENCY, detectorEfficiency, 0.0, false, 1.0, true);
        range(broken, LinkSetting.DARK_COUNT_PROBABILITY, darkCountProbability, 0.0, true, 1.0, false);
        range(broken, LinkSetting.MISALIGNMENT, misalignment, 0.0, true, 0.5, true);
        range(broken, LinkSetting.EVE_FRACTION, eveFraction, 0.0, true, 1.0, true);
        range(broken, LinkSetting.REPETITION_RATE_HZ, repetitionRateHz, 0.0, false, 1e11, true);
        range(broken, LinkSetting.PULSES_PER_BLOCK, pulsesPerBlock, 1e6, true, 1e11, true);
        range(broken, LinkSetting.EPSILON_SEC, epsilonSec, 0.0, false, 1.0, false);
        range(broken, LinkSetting.EPSILON_COR, epsilonCor, 0.0, false, 1.0, false);
        range(broken, LinkSetting.POOL_MAX_BITS, poolMaxBits, 8, true, 0x1p34, true);
        range(broken, LinkSetting.QBER_THRESHOLD, qberThreshold, 0.0, false, 0.5, false);
        range(broken, LinkSetting.QBER_HYSTERESIS, qberHysteresis, 0.0, true, 0.5, false);
        range(broken, LinkSetting.RECOVER_BLOCKS, recoverBlocks, 1, true, 1000, true);
        range(broken, LinkSetting.TAMPER_QBER_JUMP, tamperQberJump, 0.0, false, 0.5, false);
        range(broken, LinkSetting.TAMPER_GAIN_RATIO_CHANGE, tamperGainRatioChange, 0.0, false, 10.0, true);
        range(broken, LinkSetting.RESTORE_CLEAN_BLOCKS, restoreCleanBlocks, 0, true, 100_000, true);
        if (broken.isEmpty() && !(nu < mu)) {
            broken.add(String.format(Locale.ROOT, "%s (%s) must be below %s (%s)", LinkSetting.NU.envName(), nu,
                    LinkSetting.MU.envName(), mu));
        }
        if (broken.isEmpty() && !(qberHysteresis < qberThreshold)) {
            broken.add(String.format(Locale.ROOT, "%s (%s) must be below %s (%s)", LinkSetting.QBER_HYSTERESIS.envName(),
                    qberHysteresis, LinkSetting.QBER_THRESHOLD.envName(), qberThreshold));
        }
        if (!broken.isEmpty()) {
            throw new InvalidParametersException(String.join("; ", broken));
        }
    }

    /** The prototype's defaults. */
    public static LinkOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The physics of these options; the rest of {@link LinkParameters} keeps its defaults (the
     * intensity and basis probabilities, Bob's internal loss, the theory's f).
     */
    public LinkParameters toLinkParameters() {
        return LinkParameters.builder()
                .repetitionRateHz(repetitionRateHz)
                .pulsesPerBlock(pulsesPerBlock)
                .mu(mu)
                .nu(nu)
                .alphaDbPerKm(alphaDbPerKm)
                .distanceKm(distanceKm)
                .detectorEfficiency(detectorEfficiency)
                .darkCountProbability(darkCountProbability)
                .misalignment(misalignment)
                .eveFraction(eveFraction)
                .epsilonSec(epsilonSec)
                .epsilonCor(epsilonCor)
                .build();
    }

    /** The monitor policy of these options. */
    public MonitorPolicy toMonitorPolicy() {
        return new MonitorPolicy(qberThreshold, qberHysteresis, recoverBlocks, tamperQberJump, tamperGainRatioChange,
                restoreCleanBlocks);
    }

    private static void range(List<String> broken, LinkSetting setting, double value, double low, boolean lowIncluded,
            double high, boolean highIncluded) {
        boolean ok = (lowIncluded ? value >= low : value > low) && (highIncluded ? value <= high : value < high);
        if (!ok) {
            broken.add(String.format(Locale.ROOT, "%s must be in %s%s, %s%s, got %s", setting.envName(),
                    lowIncluded ? "[" : "(", number(low), number(high), highIncluded ? "]" : ")", number(value)));
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    /** Builds {@link LinkOptions}; {@link #build()} validates. */
    public static final class Builder {
        boolean enabled;
        double distanceKm;
        double alphaDbPerKm;
        double mu;
        double nu;
        double detectorEfficiency;
        double darkCountProbability;
        double misalignment;
        double eveFraction;
        double repetitionRateHz;
        long pulsesPerBlock;
        double epsilonSec;
        double epsilonCor;
        long poolMaxBits;
        OptionalLong seed;
        double qberThreshold;
        double qberHysteresis;
        int recoverBlocks;
        double tamperQberJump;
        double tamperGainRatioChange;
        int restoreCleanBlocks;

        private Builder(LinkOptions from) {
            enabled = from.enabled;
            distanceKm = from.distanceKm;
            alphaDbPerKm = from.alphaDbPerKm;
            mu = from.mu;
            nu = from.nu;
            detectorEfficiency = from.detectorEfficiency;
            darkCountProbability = from.darkCountProbability;
            misalignment = from.misalignment;
            eveFraction = from.eveFraction;
            repetitionRateHz = from.repetitionRateHz;
            pulsesPerBlock = from.pulsesPerBlock;
            epsilonSec = from.epsilonSec;
            epsilonCor = from.epsilonCor;
            poolMaxBits = from.poolMaxBits;
            seed = from.seed;
            qberThreshold = from.qberThreshold;
            qberHysteresis = from.qberHysteresis;
            recoverBlocks = from.recoverBlocks;
            tamperQberJump = from.tamperQberJump;
            tamperGainRatioChange = from.tamperGainRatioChange;
            restoreCleanBlocks = from.restoreCleanBlocks;
        }

        /** Sets {@code setting} from its text form (as in the environment); see {@link LinkSetting#apply}. */
        public Builder set(LinkSetting setting, String text) {
            setting.apply(this, text);
            return this;
        }

        public Builder distanceKm(double value) {
            distanceKm = value;
            return this;
        }

        public Builder eveFraction(double value) {
            eveFraction = value;
            return this;
        }

        public Builder pulsesPerBlock(long value) {
            pulsesPerBlock = value;
            return this;
        }

        public Builder repetitionRateHz(double value) {
            repetitionRateHz = value;
            return this;
        }

        public Builder seed(long value) {
            seed = OptionalLong.of(value);
            return this;
        }

        public Builder poolMaxBits(long value) {
            poolMaxBits = value;
            return this;
        }

        public Builder restoreCleanBlocks(int value) {
            restoreCleanBlocks = value;
            return this;
        }

        /** The options; throws {@link InvalidParametersException} naming every broken variable. */
        public LinkOptions build() {
            return new LinkOptions(enabled, distanceKm, alphaDbPerKm, mu, nu, detectorEfficiency, darkCountProbability,
                    misalignment, eveFraction, repetitionRateHz, pulsesPerBlock, epsilonSec, epsilonCor, poolMaxBits,
                    seed, qberThreshold, qberHysteresis, recoverBlocks, tamperQberJump, tamperGainRatioChange,
                    restoreCleanBlocks);
        }
    }
}
