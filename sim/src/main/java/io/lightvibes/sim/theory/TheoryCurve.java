package io.lightvibes.sim.theory;

import io.lightvibes.sim.photonics.LinkParameters;
import java.util.List;
import java.util.Objects;

/**
 * The asymptotic infinite-decoy key rate of this protocol and the PLOB bound, per pulse, against
 * distance: the lines of the {@code simulate --plot} figure.
 *
 * @param distanceKm the distances
 * @param keyRatePerPulse {@link KeyRates#infiniteDecoyKeyRate} at each distance
 * @param plobBoundPerPulse {@link KeyRates#plobBound} at each distance
 */
public record TheoryCurve(List<Double> distanceKm, List<Double> keyRatePerPulse, List<Double> plobBoundPerPulse) {

    public TheoryCurve {
        distanceKm = List.copyOf(distanceKm);
        keyRatePerPulse = List.copyOf(keyRatePerPulse);
        plobBoundPerPulse = List.copyOf(plobBoundPerPulse);
    }

    /** Evaluates the theory of {@code params} at each distance. */
    public static TheoryCurve of(LinkParameters params, List<Double> distancesKm) {
        Objects.requireNonNull(params, "params");
        List<LinkParameters> at = distancesKm.stream().map(params::withDistanceKm).toList();
        return new TheoryCurve(distancesKm,
                at.stream().map(KeyRates::infiniteDecoyKeyRate).toList(),
                at.stream().map(p -> KeyRates.plobBound(p.transmittance())).toList());
    }
}
