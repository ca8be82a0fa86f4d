/**
 * The conformance suite of {@code qmk.h}: {@link io.lightvibes.nativebridge.check.DriverCheck}
 * runs any library's kernels against the Java reference and its driver through the ABI's
 * protocol, and returns a readable {@link io.lightvibes.nativebridge.check.CheckReport}.
 */
package io.lightvibes.nativebridge.check;
