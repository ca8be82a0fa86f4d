/**
 * The real post-processing of a QKD block, run between two ends that share nothing but a
 * {@link io.lightvibes.sim.postprocess.ClassicalChannel}: sifting, parameter estimation with
 * decoy-state bounds ({@link io.lightvibes.sim.postprocess.DecoyEstimator}), Cascade error
 * correction, verification by a universal hash, Toeplitz privacy amplification and the secret
 * key length ({@link io.lightvibes.sim.postprocess.KeyLength}). Every bit-level hot loop runs
 * through an injected {@link io.lightvibes.sim.driver.Kernels}, so the native kernels can replace
 * the Java ones; the results are identical either way.
 */
package io.lightvibes.sim.postprocess;
