package io.lightvibes.sim.photonics;

import io.lightvibes.sim.driver.PhotonicsConfig;
import java.util.Locale;
import java.util.Objects;

/**
 * The gain and error model of Ma, Qi, Zhao &amp; Lo, Phys. Rev. A 72, 012326 (2005), Sec. II, for
 * one link configuration:
 *
 * <pre>
 *   Q_k = Y0 + 1 - exp(-eta k),        E_k Q_k = e0 Y0 + e_I (1 - exp(-eta k)),
 *   Y1  = Y0 + eta,                    e1 = (e0 Y0 + e_I eta) / Y1,
 * </pre>
 *
 * with e0 = 1/2 (a background click says nothing about Alice's bit) and e_I the error rate of a
 * photon click averaged over the intercept-resend eavesdropper: on a fraction p of pulses Eve
 * measures in a random basis and resends what she saw; half the time her basis is Alice's and
 * only misalignment e_d acts, otherwise Bob's outcome is random, so e_I = (1 - p) e_d + p (e_d/2 + 1/4).
 * Both the sampler and the theory curves read the model from here.
 */
public final class ChannelModel {

    /** e0: a background click carries no information about Alice's bit (Ma et al. Sec. II). */
    public static final double BACKGROUND_ERROR_RATE = 0.5;

    private final PhotonicsConfig config;
    private final double transmittance;

    private ChannelModel(PhotonicsConfig config) {
        this.config = config;
        double bob = config.detectorEfficiency() * Math.pow(10.0, -config.bobLossDb() / 10.0);
        this.transmittance = Math.pow(10.0, -config.alphaDbPerKm() * config.distanceKm() / 10.0) * bob;
    }

    /**
     * The model of {@code config}, after checking the ranges the sampler relies on (a driver may
     * be handed a config that did not come from {@link LinkParameters}).
     */
    public static ChannelModel of(PhotonicsConfig config) {
        Objects.requireNonNull(config, "config");
        requireProbability("signal_probability", config.signalProbability());
        requireProbability("decoy_probability", config.decoyProbability());
        requireProbability("basis_x_probability", config.basisXProbability());
        requireProbability("detector_efficiency", config.detectorEfficiency());
        requireProbability("dark_count_probability", config.darkCountProbability());
        requireProbability("misalignment", config.misalignment());
        requireProbability("eve_fraction", config.eveFraction());
        if (!(config.signalProbability() + config.decoyProbability() <= 1.0)) {
            throw new InvalidParametersException("invalid photonics config: signal_probability + decoy_probability > 1");
        }
        for (double value : new double[] {config.mu(), config.nu(), config.vacuum(), config.alphaDbPerKm(),
            config.distanceKm(), config.bobLossDb()}) {
            if (!(value >= 0.0 && Double.isFinite(value))) {
                throw new InvalidParametersException(
                        "invalid photonics config: intensities, attenuation, distance and losses must be finite and >= 0");
            }
        }
        if (config.pulsesPerBlock() < 1) {
            throw new InvalidParametersException("invalid photonics config: pulses_per_block must be >= 1");
        }
        return new ChannelModel(config);
    }

    /** The configuration this model describes. */
    public PhotonicsConfig config() {
        return config;
    }

    /** eta: fibre, Bob's losses and detector efficiency together. */
    public double transmittance() {
        return transmittance;
    }

    /** Mean photon number of {@code intensity}. */
    public double meanPhotonNumber(Intensity intensity) {
        return switch (intensity) {
            case SIGNAL -> config.mu();
            case DECOY -> config.nu();
            case VACUUM -> config.vacuum();
        };
    }

    /** Probability that Alice sends {@code intensity}. */
    public double probability(Intensity intensity) {
        return switch (intensity) {
            case SIGNAL -> config.signalProbability();
            case DECOY -> config.decoyProbability();
            case VACUUM -> Math.max(0.0, 1.0 - config.signalProbability() - config.decoyProbability());
        };
    }

    /** 1 - exp(-eta k): probability that at least one photon of the pulse is detected. */
    public double photonClickProbability(Intensity intensity) {
        return -Math.expm1(-transmittance * meanPhotonNumber(intensity));
    }

    /** Error rate of a photon (non-background) click, averaged over the intercept-resend attack. */
    public double photonErrorRate() {
        double p = config.eveFraction();
        double ed = config.misalignment();
        return (1.0 - p) * ed + p * (0.5 * ed + 0.5 * BACKGROUND_ERROR_RATE);
    }

    /** Q_k: probability that a pulse of this intensity gives a click. */
    public double gain(Intensity intensity) {
        return Math.min(1.0, config.darkCountProbability() + photonClickProbability(intensity));
    }

    /** E_k: error rate of clicks from this intensity when Alice's and Bob's bases match. */
    public double errorRate(Intensity intensity) {
        double gain = gain(intensity);
        if (gain == 0.0) {
            return BACKGROUND_ERROR_RATE;
        }
        return (BACKGROUND_ERROR_RATE * config.darkCountProbability()
                + photonErrorRate() * photonClickProbability(intensity)) / gain;
    }

    /** Y1 = Y0 + eta, the true single-photon yield of the model. */
    public double singlePhotonYield() {
        return Math.min(1.0, config.darkCountProbability() + transmittance);
    }

    /** e1 = (e0 Y0 + e_I eta) / Y1, the true single-photon error rate of the model. */
    public double singlePhotonErrorRate() {
        double y0 = config.darkCountProbability();
        return (BACKGROUND_ERROR_RATE * y0 + photonErrorRate() * transmittance) / (y0 + transmittance);
    }

    /** Probability that a pulse gives a click, averaged over the intensity mix: sum_k p_k Q_k. */
    public double meanGain() {
        double total = 0.0;
        for (Intensity k : Intensity.all()) {
            total += probability(k) * gain(k);
        }
        return total;
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new InvalidParametersException(
                    String.format(Locale.ROOT, "invalid photonics config: %s must be in [0, 1], got %s", name, value));
        }
    }
}
