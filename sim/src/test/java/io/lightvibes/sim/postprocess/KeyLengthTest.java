package io.lightvibes.sim.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.lightvibes.sim.photonics.LinkParameters;
import org.junit.jupiter.api.Test;

/**
 * Lim et al., Phys. Rev. A 89, 022307 (2014), Eq. (1): the finite key pays the error-correction
 * leakage and 6 log2(21/eps_sec) + log2(2/eps_cor); the asymptotic key pays the leakage only.
 */
class KeyLengthTest {

    static DecoyBounds bounds(double phaseError) {
        return new DecoyBounds(1_000.0, 500_000.0, 60_000.0, 60_000.0 * phaseError, 0.01, phaseError, phaseError);
    }

    @Test
    void finiteKeyLengthPaysForLeakageAndEpsilons() {
        var params = LinkParameters.defaults();
        var bounds = bounds(0.04);
        long asymptotic = KeyLength.secretKeyLength(params, bounds, 150_000, 50, true);
        long finite = KeyLength.secretKeyLength(params, bounds, 150_000, 50, false);
        double expected = 1_000 + 500_000 * (1 - Entropy.binary(0.04)) - 150_000;
        assertThat(asymptotic).isEqualTo((long) Math.floor(expected));
        double penalty = 6 * Math.log(21 / params.epsilonSec()) / Math.log(2) + Math.log(2 / params.epsilonCor()) / Math.log(2);
        assertThat(finite).isEqualTo((long) Math.floor(expected - penalty));
        assertThat(KeyLength.secretKeyLength(params, bounds, 150_100, 50, false)).isEqualTo(finite - 100);
        assertThat(KeyLength.secretKeyLength(params, bounds, 1_000_000, 50, false)).isZero();
        assertThat(KeyLength.secretKeyLength(params, bounds(0.2), 0, 50, false))
                .isLessThan(KeyLength.secretKeyLength(params, bounds(0.05), 0, 50, false));
        // A verification tag longer than log2(2/eps_cor) is what is paid.
        assertThat(KeyLength.secretKeyLength(params, bounds, 150_000, 200, false))
                .isEqualTo((long) Math.floor(expected - 6 * Math.log(21 / params.epsilonSec()) / Math.log(2) - 200));
    }

    @Test
    void epsilonsAreParameters() {
        var bounds = bounds(0.04);
        long loose = KeyLength.secretKeyLength(bounds, 150_000, 50, false, 1e-6, 1e-9);
        long tight = KeyLength.secretKeyLength(bounds, 150_000, 50, false, 1e-12, 1e-15);
        assertThat(loose - tight).isCloseTo(Math.round(6 * Math.log(1e6) / Math.log(2)), within(2L));
    }

    @Test
    void binaryEntropy() {
        assertThat(Entropy.binary(0.0)).isZero();
        assertThat(Entropy.binary(1.0)).isZero();
        assertThat(Entropy.binary(0.5)).isEqualTo(1.0);
        assertThat(Entropy.binary(0.11)).isCloseTo(0.4999, within(1e-4));
        assertThat(Entropy.binary(0.02)).isCloseTo(Entropy.binary(0.98), within(1e-15));
        assertThatThrownBy(() -> Entropy.binary(1.5)).hasMessageContaining("probability");
        assertThat(Entropy.reconciliationEfficiency(110, 1000, 0.011)).isCloseTo(110 / (1000 * Entropy.binary(0.011)), within(1e-12));
    }
}
