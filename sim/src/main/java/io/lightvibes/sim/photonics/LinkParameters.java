package io.lightvibes.sim.photonics;

import io.lightvibes.sim.driver.PhotonicsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Everything that fixes one block's physics and its security parameters.
 *
 * <p>Defaults describe a healthy 25 km link built from the GYS experiment (Gobby, Yuan &amp;
 * Shields, Appl. Phys. Lett. 84, 3762 (2004)) as tabulated by Ma, Qi, Zhao &amp; Lo, Phys. Rev. A
 * 72, 012326 (2005), Table I and used by Lo, Ma &amp; Chen, Phys. Rev. Lett. 94, 230504 (2005):
 * 1550 nm, alpha = 0.21 dB/km, eta_Bob = 4.5 %, Y0 = 1.7e-6, e_detector = 3.3 %, f(E) = 1.22.
 *
 * <p>The protocol is the efficient (biased-basis) BB84 with two decoys of Lim, Curty, Walenta,
 * Xu &amp; Zbinden, Phys. Rev. A 89, 022307 (2014), Sec. II: X is the key basis, chosen with
 * probability {@code basisXProbability} by both ends; Z is the test basis and is announced in full.
 *
 * @param repetitionRateHz pulses per second of the source
 * @param mu signal mean photon number (the Lo-Ma-Chen optimum for GYS is about 0.48)
 * @param nu weak decoy mean photon number
 * @param vacuum "vacuum" decoy mean photon number; Lim et al. allow a small residual
 * @param signalProbability probability Alice sends the signal intensity
 * @param decoyProbability probability of the weak decoy; the vacuum takes the rest
 * @param basisXProbability q_x: probability of the key basis X at each end
 * @param alphaDbPerKm fibre attenuation
 * @param distanceKm fibre length
 * @param detectorEfficiency eta_Bob, Bob's optics included (GYS), hence {@code bobLossDb = 0}
 * @param bobLossDb extra loss inside Bob's receiver
 * @param darkCountProbability Y0: background click probability per gate, both detectors (Ma et al.)
 * @param misalignment e_d: probability that a photon hits the wrong detector
 * @param eveFraction intercept-resend eavesdropper on this fraction of pulses (drills only)
 * @param pulsesPerBlock pulses per post-processing block
 * @param epsilonSec secrecy parameter of the finite-key bound (Lim et al. Eq. (1))
 * @param epsilonCor correctness parameter (verification hash)
 * @param ecEfficiency error-correction inefficiency f assumed by the theory curve only; the
 *     simulation runs Cascade and uses the bits it actually disclosed
 */
public record LinkParameters(
        double repetitionRateHz,
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
        long pulsesPerBlock,
        double epsilonSec,
        double epsilonCor,
        double ecEfficiency) {

    private static final LinkParameters DEFAULTS = new LinkParameters(
            1e9, 0.5, 0.1, 0.0, 0.6, 0.3, 0.7, 0.21, 25.0, 0.045, 0.0, 1.7e-6, 0.033, 0.0,
            1_000_000_000L, 1e-10, 1e-15, 1.22);

    public LinkParameters {
        List<String> broken = new ArrayList<>();
        check(broken, repetitionRateHz > 0 && Double.isFinite(repetitionRateHz),
                "repetition_rate_hz must be positive and finite", repetitionRateHz);
        check(broken, 0.0 <= vacuum && vacuum < nu, "need 0 <= vacuum < nu", vacuum, nu);
        // Lim et al. Sec. II require mu_1 > mu_2 + mu_3 for the bound on s_1.
        check(broken, nu + vacuum < mu && mu <= 10.0, "need nu + vacuum < mu <= 10", mu, nu, vacuum);
        check(broken, 0.0 < signalProbability && signalProbability < 1.0,
                "signal_probability must be in (0, 1)", signalProbability);
        check(broken, 0.0 < decoyProbability && decoyProbability < 1.0,
                "decoy_probability must be in (0, 1)", decoyProbability);
        check(broken, signalProbability + decoyProbability < 1.0,
                "signal_probability + decoy_probability must leave room for the vacuum",
                signalProbability, decoyProbability);
        check(broken, 0.0 < basisXProbability && basisXProbability < 1.0,
                "basis_x_probability must be in (0, 1)", basisXProbability);
        check(broken, alphaDbPerKm >= 0.0 && Double.isFinite(alphaDbPerKm),
                "alpha_db_per_km must be >= 0 and finite", alphaDbPerKm);
        check(broken, distanceKm >= 0.0 && Double.isFinite(distanceKm),
                "distance_km must be >= 0 and finite", distanceKm);
        check(broken, 0.0 < detectorEfficiency && detectorEfficiency <= 1.0,
                "detector_efficiency must be in (0, 1]", detectorEfficiency);
        check(broken, bobLossDb >= 0.0 && Double.isFinite(bobLossDb),
                "bob_loss_db must be >= 0 and finite", bobLossDb);
        check(broken, 0.0 <= darkCountProbability && darkCountProbability < 1.0,
                "dark_count_probability must be in [0, 1)", darkCountProbability);
        check(broken, 0.0 <= misalignment && misalignment <= 0.5, "misalignment must be in [0, 0.5]", misalignment);
        check(broken, 0.0 <= eveFraction && eveFraction <= 1.0, "eve_fraction must be in [0, 1]", eveFraction);
        check(broken, pulsesPerBlock >= 1, "pulses_per_block must be >= 1", pulsesPerBlock);
        check(broken, 0.0 < epsilonSec && epsilonSec < 1.0, "epsilon_sec must be in (0, 1)", epsilonSec);
        check(broken, 0.0 < epsilonCor && epsilonCor < 1.0, "epsilon_cor must be in (0, 1)", epsilonCor);
        check(broken, ecEfficiency >= 1.0 && Double.isFinite(ecEfficiency),
                "ec_efficiency must be >= 1 and finite", ecEfficiency);
        if (!broken.isEmpty()) {
            throw new InvalidParametersException("invalid link parameters: " + String.join("; ", broken));
        }
    }

    /** The defaults described above (those of {@code lightvibes simulate}). */
    public static LinkParameters defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder(DEFAULTS);
    }

    /** A builder starting from these parameters. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** These parameters at another fibre length (validated). */
    public LinkParameters withDistanceKm(double km) {
        return toBuilder().distanceKm(km).build();
    }

    /** These parameters with another eavesdropper fraction (validated). */
    public LinkParameters withEveFraction(double fraction) {
        return toBuilder().eveFraction(fraction).build();
    }

    /** These parameters with another assumed error-correction inefficiency (validated). */
    public LinkParameters withEcEfficiency(double f) {
        return toBuilder().ecEfficiency(f).build();
    }

    /** These parameters with another block size (validated). */
    public LinkParameters withPulsesPerBlock(long pulses) {
        return toBuilder().pulsesPerBlock(pulses).build();
    }

    /** 1 - p_signal - p_decoy. */
    public double vacuumProbability() {
        return 1.0 - signalProbability - decoyProbability;
    }

    /** Mean photon number of {@code intensity}. */
    public double meanPhotonNumber(Intensity intensity) {
        return switch (intensity) {
            case SIGNAL -> mu;
            case DECOY -> nu;
            case VACUUM -> vacuum;
        };
    }

    /** Probability that Alice chooses {@code intensity}. */
    public double probability(Intensity intensity) {
        return switch (intensity) {
            case SIGNAL -> signalProbability;
            case DECOY -> decoyProbability;
            case VACUUM -> vacuumProbability();
        };
    }

    /** Fibre transmittance 10^(-alpha L / 10). */
    public double channelTransmittance() {
        return Math.pow(10.0, -alphaDbPerKm * distanceKm / 10.0);
    }

    /** Overall transmittance eta = eta_channel * eta_Bob (Ma et al. Sec. II). */
    public double transmittance() {
        return channelTransmittance() * detectorEfficiency * Math.pow(10.0, -bobLossDb / 10.0);
    }

    /** Seconds of light in one block: pulses_per_block / repetition_rate_hz. */
    public double blockLightSeconds() {
        return pulsesPerBlock / repetitionRateHz;
    }

    /** The gain and error model of this link. */
    public ChannelModel model() {
        return ChannelModel.of(toPhotonicsConfig());
    }

    /** What a photonics driver needs of these parameters. */
    public PhotonicsConfig toPhotonicsConfig() {
        return new PhotonicsConfig(mu, nu, vacuum, signalProbability, decoyProbability, basisXProbability,
                alphaDbPerKm, distanceKm, detectorEfficiency, bobLossDb, darkCountProbability, misalignment,
                eveFraction, pulsesPerBlock);
    }

    private static void check(List<String> broken, boolean ok, String rule, Object... values) {
        if (!ok) {
            var shown = new StringBuilder(rule).append(" (got");
            for (Object value : values) {
                shown.append(' ').append(String.format(Locale.ROOT, "%s", value));
            }
            broken.add(shown.append(')').toString());
        }
    }

    /** Builds {@link LinkParameters}; {@link #build()} validates. */
    public static final class Builder {
        private double repetitionRateHz;
        private double mu;
        private double nu;
        private double vacuum;
        private double signalProbability;
        private double decoyProbability;
        private double basisXProbability;
        private double alphaDbPerKm;
        private double distanceKm;
        private double detectorEfficiency;
        private double bobLossDb;
        private double darkCountProbability;
        private double misalignment;
        private double eveFraction;
        private long pulsesPerBlock;
        private double epsilonSec;
        private double epsilonCor;
        private double ecEfficiency;

        private Builder(LinkParameters from) {
            repetitionRateHz = from.repetitionRateHz;
            mu = from.mu;
            nu = from.nu;
            vacuum = from.vacuum;
            signalProbability = from.signalProbability;
            decoyProbability = from.decoyProbability;
            basisXProbability = from.basisXProbability;
            alphaDbPerKm = from.alphaDbPerKm;
            distanceKm = from.distanceKm;
            detectorEfficiency = from.detectorEfficiency;
            bobLossDb = from.bobLossDb;
            darkCountProbability = from.darkCountProbability;
            misalignment = from.misalignment;
            eveFraction = from.eveFraction;
            pulsesPerBlock = from.pulsesPerBlock;
            epsilonSec = from.epsilonSec;
            epsilonCor = from.epsilonCor;
            ecEfficiency = from.ecEfficiency;
        }

        public Builder repetitionRateHz(double value) {
            repetitionRateHz = value;
            return this;
        }

        public Builder mu(double value) {
            mu = value;
            return this;
        }

        public Builder nu(double value) {
            nu = value;
            return this;
        }

        public Builder vacuum(double value) {
            vacuum = value;
            return this;
        }

        public Builder signalProbability(double value) {
            signalProbability = value;
            return this;
        }

        public Builder decoyProbability(double value) {
            decoyProbability = value;
            return this;
        }

        public Builder basisXProbability(double value) {
            basisXProbability = value;
            return this;
        }

        public Builder alphaDbPerKm(double value) {
            alphaDbPerKm = value;
            return this;
        }

        public Builder distanceKm(double value) {
            distanceKm = value;
            return this;
        }

        public Builder detectorEfficiency(double value) {
            detectorEfficiency = value;
            return this;
        }

        public Builder bobLossDb(double value) {
            bobLossDb = value;
            return this;
        }

        public Builder darkCountProbability(double value) {
            darkCountProbability = value;
            return this;
        }

        public Builder misalignment(double value) {
            misalignment = value;
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

        public Builder epsilonSec(double value) {
            epsilonSec = value;
            return this;
        }

        public Builder epsilonCor(double value) {
            epsilonCor = value;
            return this;
        }

        public Builder ecEfficiency(double value) {
            ecEfficiency = value;
            return this;
        }

        /** The parameters; throws {@link InvalidParametersException} naming every broken rule. */
        public LinkParameters build() {
            return new LinkParameters(repetitionRateHz, mu, nu, vacuum, signalProbability, decoyProbability,
                    basisXProbability, alphaDbPerKm, distanceKm, detectorEfficiency, bobLossDb,
                    darkCountProbability, misalignment, eveFraction, pulsesPerBlock, epsilonSec, epsilonCor,
                    ecEfficiency);
        }
    }
}
