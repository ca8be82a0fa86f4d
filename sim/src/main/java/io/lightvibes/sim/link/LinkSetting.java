package io.lightvibes.sim.link;

import io.lightvibes.sim.photonics.InvalidParametersException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Every environment variable that configures the running link, with the prototype's name,
 * meaning and default (read from {@link LinkOptions#defaults()}, so there is one source), and the
 * parser that applies its text form to a {@link LinkOptions.Builder}.
 */
public enum LinkSetting {
    ENABLED("LIGHTVIBES_LINK_ENABLED", "Run the simulated QKD link in the background (false: PQC only).",
            LinkOptions::enabled, (b, t) -> b.enabled = bool(t)),
    DISTANCE_KM("LIGHTVIBES_LINK_DISTANCE_KM", "Fibre length between the two ends, km.",
            LinkOptions::distanceKm, (b, t) -> b.distanceKm = real(t)),
    ALPHA_DB_PER_KM("LIGHTVIBES_LINK_ALPHA_DB_PER_KM", "Fibre attenuation, dB/km.",
            LinkOptions::alphaDbPerKm, (b, t) -> b.alphaDbPerKm = real(t)),
    MU("LIGHTVIBES_LINK_MU", "Signal-state mean photon number.", LinkOptions::mu, (b, t) -> b.mu = real(t)),
    NU("LIGHTVIBES_LINK_NU", "Weak-decoy mean photon number (must be below mu).", LinkOptions::nu,
            (b, t) -> b.nu = real(t)),
    DETECTOR_EFFICIENCY("LIGHTVIBES_LINK_DETECTOR_EFFICIENCY", "Bob's detection efficiency including his optics.",
            LinkOptions::detectorEfficiency, (b, t) -> b.detectorEfficiency = real(t)),
    DARK_COUNT_PROBABILITY("LIGHTVIBES_LINK_DARK_COUNT_PROBABILITY", "Background click probability per gate (Y0).",
            LinkOptions::darkCountProbability, (b, t) -> b.darkCountProbability = real(t)),
    MISALIGNMENT("LIGHTVIBES_LINK_MISALIGNMENT", "Optical misalignment error e_d.", LinkOptions::misalignment,
            (b, t) -> b.misalignment = real(t)),
    EVE_FRACTION("LIGHTVIBES_LINK_EVE_FRACTION", "Intercept-resend eavesdropper on this fraction of pulses (drills).",
            LinkOptions::eveFraction, (b, t) -> b.eveFraction = real(t)),
    REPETITION_RATE_HZ("LIGHTVIBES_LINK_REPETITION_RATE_HZ", "Pulse repetition rate of the source, Hz.",
            LinkOptions::repetitionRateHz, (b, t) -> b.repetitionRateHz = real(t)),
    PULSES_PER_BLOCK("LIGHTVIBES_LINK_PULSES_PER_BLOCK", "Pulses per post-processing block (sets the block's light time).",
            LinkOptions::pulsesPerBlock, (b, t) -> b.pulsesPerBlock = integer(t)),
    EPSILON_SEC("LIGHTVIBES_LINK_EPSILON_SEC", "Secrecy parameter of the finite-key bound.", LinkOptions::epsilonSec,
            (b, t) -> b.epsilonSec = real(t)),
    EPSILON_COR("LIGHTVIBES_LINK_EPSILON_COR", "Correctness parameter (verification hash).", LinkOptions::epsilonCor,
            (b, t) -> b.epsilonCor = real(t)),
    POOL_MAX_BITS("LIGHTVIBES_LINK_POOL_MAX_BITS", "Capacity of the in-memory QKD key pool, bits (oldest dropped).",
            LinkOptions::poolMaxBits, (b, t) -> b.poolMaxBits = integer(t)),
    SEED("LIGHTVIBES_LINK_SEED", "Seed of the simulator's random generator; empty means fresh entropy.",
            o -> o.seed().isPresent() ? o.seed().getAsLong() : "",
            (b, t) -> b.seed = t.isBlank() ? OptionalLong.empty() : OptionalLong.of(integer(t))),
    QBER_THRESHOLD("LIGHTVIBES_QBER_THRESHOLD", "QBER above which the QKD link is degraded and sessions fall back to PQC.",
            LinkOptions::qberThreshold, (b, t) -> b.qberThreshold = real(t)),
    QBER_HYSTERESIS("LIGHTVIBES_LINK_QBER_HYSTERESIS", "A degraded link recovers only at QBER <= threshold - hysteresis.",
            LinkOptions::qberHysteresis, (b, t) -> b.qberHysteresis = real(t)),
    RECOVER_BLOCKS("LIGHTVIBES_LINK_RECOVER_BLOCKS", "Consecutive good blocks before a degraded link is healthy again.",
            LinkOptions::recoverBlocks, (b, t) -> b.recoverBlocks = Math.toIntExact(integer(t))),
    TAMPER_QBER_JUMP("LIGHTVIBES_LINK_TAMPER_QBER_JUMP", "A QBER rise above the running baseline that quarantines the link.",
            LinkOptions::tamperQberJump, (b, t) -> b.tamperQberJump = real(t)),
    TAMPER_GAIN_RATIO_CHANGE("LIGHTVIBES_LINK_TAMPER_GAIN_RATIO_CHANGE",
            "Relative change of the decoy/signal gain ratio that quarantines.",
            LinkOptions::tamperGainRatioChange, (b, t) -> b.tamperGainRatioChange = real(t)),
    RESTORE_CLEAN_BLOCKS("LIGHTVIBES_LINK_RESTORE_CLEAN_BLOCKS", "Clean blocks in a row that lift a quarantine (0: operator only).",
            LinkOptions::restoreCleanBlocks, (b, t) -> b.restoreCleanBlocks = Math.toIntExact(integer(t)));

    private final String envName;
    private final String description;
    private final Function<LinkOptions, Object> value;
    private final BiConsumer<LinkOptions.Builder, String> parser;

    LinkSetting(String envName, String description, Function<LinkOptions, Object> value,
            BiConsumer<LinkOptions.Builder, String> parser) {
        this.envName = envName;
        this.description = description;
        this.value = value;
        this.parser = parser;
    }

    /** The environment variable, e.g. {@code LIGHTVIBES_LINK_MU}. */
    public String envName() {
        return envName;
    }

    /** What it means, in one sentence (the prototype's description). */
    public String description() {
        return description;
    }

    /** The default in its text form ({@code ""} for no seed). */
    public String defaultText() {
        return text(LinkOptions.defaults());
    }

    /** This setting's value in {@code options}, in its text form. */
    public String text(LinkOptions options) {
        Object v = value.apply(options);
        return v instanceof Double d ? Double.toString(d) : String.valueOf(v);
    }

    /**
     * Parses {@code text} into {@code builder}; a malformed value throws
     * {@link InvalidParametersException} naming the variable. Ranges are checked by
     * {@link LinkOptions.Builder#build()}.
     */
    public void apply(LinkOptions.Builder builder, String text) {
        try {
            parser.accept(builder, text.strip());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidParametersException(String.format(Locale.ROOT, "%s: cannot read %s as a %s", envName,
                    quoted(text), this == ENABLED ? "boolean" : "number"));
        }
    }

    /** Options from {@code environment} (variables absent keep their defaults). */
    public static LinkOptions fromEnvironment(Map<String, String> environment) {
        LinkOptions.Builder builder = LinkOptions.builder();
        for (LinkSetting setting : values()) {
            String text = environment.get(setting.envName);
            if (text != null) {
                setting.apply(builder, text);
            }
        }
        return builder.build();
    }

    private static String quoted(String text) {
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
    }

    private static double real(String text) {
        return Double.parseDouble(text);
    }

    /** An integer, also written as an exact decimal such as {@code 2e8}. */
    private static long integer(String text) {
        return new BigDecimal(text).longValueExact();
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new NumberFormatException(text);
        };
    }
}
