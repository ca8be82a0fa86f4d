package io.lightvibes.sim.postprocess;

/**
 * What parameter estimation concludes about the key (X) and test (Z) bases.
 *
 * @param vacuumEvents s_{X,0} lower bound
 * @param singlePhotonEvents s_{X,1} lower bound
 * @param testSinglePhotonEvents s_{Z,1} lower bound
 * @param testSinglePhotonErrors v_{Z,1} upper bound
 * @param singlePhotonYield Y_1 lower bound per single-photon pulse, key basis
 * @param singlePhotonErrorRate e_1 upper bound = v_{Z,1} / s_{Z,1}
 * @param phaseErrorRate phi_X upper bound, Lim et al. Eq. (5)
 */
public record DecoyBounds(
        double vacuumEvents,
        double singlePhotonEvents,
        double testSinglePhotonEvents,
        double testSinglePhotonErrors,
        double singlePhotonYield,
        double singlePhotonErrorRate,
        double phaseErrorRate) {
}
