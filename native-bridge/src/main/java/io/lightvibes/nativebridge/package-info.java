/**
 * The Panama binding of the C photonics library ({@code native-bridge/c/qmk.h}): finds the
 * library, checks its ABI version and implements the simulator's driver and kernel SPI over it.
 */
package io.lightvibes.nativebridge;
