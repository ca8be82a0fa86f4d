package io.lightvibes.sim.theory;

import io.lightvibes.sim.photonics.LinkParameters;
import io.lightvibes.sim.postprocess.BlockStatistics;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One point of {@code lightvibes simulate}: a block's statistics beside the theory at its
 * parameters. {@link #toMap()} gives exactly {@link #FIELDS}, in order, with JSON-ready values
 * (numbers, or {@code null} where the prototype had {@code None}).
 *
 * @param statistics the block as the post-processing measured it
 * @param boundKeyRatePerPulse the infinite-decoy rate of this protocol at the assumed
 *     error-correction inefficiency ({@link KeyRates#infiniteDecoyKeyRate})
 * @param plobBoundPerPulse -log2(1 - eta) ({@link KeyRates#plobBound})
 * @param decoyBoundAtMeasuredF the vacuum + weak decoy bound of this protocol at the f Cascade
 *     measured ({@link KeyRates#decoyStateKeyRate}); empty when Cascade corrected nothing
 */
public record SimulationPoint(
        BlockStatistics statistics,
        double boundKeyRatePerPulse,
        double plobBoundPerPulse,
        OptionalDouble decoyBoundAtMeasuredF) {

    /** The per-point fields of {@code lightvibes simulate --json}, in this order (prototype issue #3). */
    public static final List<String> FIELDS = List.of(
            "distance_km",
            "pulses",
            "detections",
            "sifted_bits",
            "qber",
            "qber_estimate",
            "gain_signal",
            "error_rate_signal",
            "y1_lower",
            "e1_upper",
            "leaked_bits",
            "ec_efficiency",
            "secret_bits",
            "secret_key_rate_per_pulse",
            "bound_key_rate_per_pulse",
            "plob_bound_per_pulse");

    public SimulationPoint {
        Objects.requireNonNull(statistics, "statistics");
        Objects.requireNonNull(decoyBoundAtMeasuredF, "decoyBoundAtMeasuredF");
    }

    /** The point of a block run at {@code params}. */
    public static SimulationPoint of(LinkParameters params, BlockStatistics statistics) {
        OptionalDouble decoyBound = statistics.ecEfficiency().isPresent()
                ? OptionalDouble.of(KeyRates.decoyStateKeyRate(params, statistics.ecEfficiency().getAsDouble()))
                : OptionalDouble.empty();
        return new SimulationPoint(statistics, KeyRates.infiniteDecoyKeyRate(params),
                KeyRates.plobBound(params.transmittance()), decoyBound);
    }

    /** {@link #FIELDS} to values, in order; unmodifiable. */
    public Map<String, Object> toMap() {
        BlockStatistics s = statistics;
        var map = new LinkedHashMap<String, Object>();
        map.put("distance_km", s.distanceKm());
        map.put("pulses", s.pulses());
        map.put("detections", s.detections());
        map.put("sifted_bits", s.siftedBits());
        map.put("qber", s.qber());
        map.put("qber_estimate", s.qberEstimate());
        map.put("gain_signal", s.gainSignal());
        map.put("error_rate_signal", orNull(s.errorRateSignal()));
        map.put("y1_lower", s.y1Lower());
        map.put("e1_upper", s.e1Upper());
        map.put("leaked_bits", s.leakedBits());
        map.put("ec_efficiency", orNull(s.ecEfficiency()));
        map.put("secret_bits", s.secretBits());
        map.put("secret_key_rate_per_pulse", s.secretKeyRatePerPulse());
        map.put("bound_key_rate_per_pulse", boundKeyRatePerPulse);
        map.put("plob_bound_per_pulse", plobBoundPerPulse);
        return Collections.unmodifiableMap(map);
    }

    private static Double orNull(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
