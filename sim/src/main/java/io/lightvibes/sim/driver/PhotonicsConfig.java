package io.lightvibes.sim.driver;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * The physics of one link as a photonics driver sees it: a phase-randomised weak coherent source
 * with three intensities (signal {@code mu}, weak decoy {@code nu}, vacuum), efficient BB84 with
 * key basis X chosen with probability {@code basisXProbability} by both ends, fibre of
 * {@code distanceKm} at {@code alphaDbPerKm}, Bob's detector, misalignment, and an intercept-resend
 * eavesdropper on {@code eveFraction} of the pulses. See {@code docs/PHYSICS.md}.
 *
 * <p>{@link #toConfigString()} is the text the C ABI's {@code qmk_driver_open} takes:
 * {@code key=value} pairs separated by {@code ;}, numbers in Java's {@code Double.toString} form
 * (which C's {@code strtod} reads exactly), keys as the record's components in snake case.
 */
public record PhotonicsConfig(
        double mu,
        double nu,
        double vacuum,
        double signalProbability,
        double decoyProbability,
        double basisXProbability,
        double alphaDbPerKm,
        double distanceKm,
        double detectorEfficiency,
        double bobLossDb,
        double darkCountProbability,
        double misalignment,
        double eveFraction,
        long pulsesPerBlock) {

    /** The text form for {@code qmk_driver_open}, with the driver's random seed appended. */
    public String toConfigString(long seed) {
        var joiner = new StringJoiner(";");
        joiner.add("mu=" + mu)
                .add("nu=" + nu)
                .add("vacuum=" + vacuum)
                .add("signal_probability=" + signalProbability)
                .add("decoy_probability=" + decoyProbability)
                .add("basis_x_probability=" + basisXProbability)
                .add("alpha_db_per_km=" + alphaDbPerKm)
                .add("distance_km=" + distanceKm)
                .add("detector_efficiency=" + detectorEfficiency)
                .add("bob_loss_db=" + bobLossDb)
                .add("dark_count_probability=" + darkCountProbability)
                .add("misalignment=" + misalignment)
                .add("eve_fraction=" + eveFraction)
                .add("pulses_per_block=" + pulsesPerBlock)
                .add(String.format(Locale.ROOT, "seed=%d", seed));
        return joiner.toString();
    }
}
