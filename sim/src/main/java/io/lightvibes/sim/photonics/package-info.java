/**
 * The simulated photonics of a decoy-state BB84 link: the parameters of source, fibre, detector
 * and eavesdropper ({@link io.lightvibes.sim.photonics.LinkParameters}), the gain and error model
 * they imply ({@link io.lightvibes.sim.photonics.ChannelModel}), exact binomial sampling, and the
 * pure-Java driver ({@link io.lightvibes.sim.photonics.JavaPhotonicsDriver}) that draws one block
 * of detection events per intensity from an injected random source. This is the only simulated
 * part of the link; everything after detection is the real post-processing.
 */
package io.lightvibes.sim.photonics;
