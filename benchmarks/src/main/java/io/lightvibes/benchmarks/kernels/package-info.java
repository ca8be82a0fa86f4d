/**
 * JMH suites of the post-processing kernels, Java ({@code JavaKernels}) beside native
 * ({@code libqmk.so} through Panama) in one run, at 10^5 to 10^8 bits, with an in-process
 * STREAM-style read as the memory-bandwidth reference:
 *
 * <pre>java --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar 'kernels.*' -f 1 -wi 2 -i 3</pre>
 *
 * Throughput is reported as the secondary metrics {@code inputBits} (bits of input per second)
 * and {@code bytesRead} (bytes of memory the kernel must read per second).
 */
package io.lightvibes.benchmarks.kernels;
