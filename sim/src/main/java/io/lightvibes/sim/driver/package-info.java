/**
 * The driver SPI: what a photonics back end must provide ({@link io.lightvibes.sim.driver.PhotonicsDriver},
 * blocks of detection records) and the bit kernels of the post-processing hot path
 * ({@link io.lightvibes.sim.driver.Kernels}). The pure-Java implementations live here; the native
 * ones (Panama into {@code native-bridge/c/qmk.h}) in {@code io.lightvibes.nativebridge}. Both give
 * bit-identical kernel results on the same inputs.
 *
 * <p><b>Bit strings.</b> Every bit string crosses this SPI packed into {@code long[]} words,
 * least significant bit first: bit {@code i} is {@code (words[i >>> 6] >>> (i & 63)) & 1}. This
 * is the same memory layout as the C ABI's little-endian {@code uint64_t} arrays. A string of
 * {@code n} bits occupies {@code ceil(n / 64)} words ({@link io.lightvibes.sim.driver.Bits#words}).
 * Kernels ignore input bits at positions {@code >= n} and write outputs whose bits beyond the
 * output length are zero, so equal bit strings are equal arrays.
 */
package io.lightvibes.sim.driver;
