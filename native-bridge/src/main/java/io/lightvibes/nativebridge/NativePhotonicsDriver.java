package io.lightvibes.nativebridge;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.lightvibes.sim.driver.Bits;
import io.lightvibes.sim.driver.DetectionBlock;
import io.lightvibes.sim.driver.PhotonicsConfig;
import io.lightvibes.sim.driver.PhotonicsDriver;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@code qmk.h} photonics driver: the shipped library's simulator or an integrator's hardware.
 * Opened with the seed (a simulator's whole random stream; hardware ignores it), reconfigured
 * with {@link PhotonicsConfig#toConfigString(long)} whenever the config changes, and read block
 * by block in the ABI's two steps (how many detections, then the records into arrays of that
 * size). One thread at a time, as the SPI says; a driver that is never closed is released when
 * it becomes unreachable.
 */
public final class NativePhotonicsDriver implements PhotonicsDriver {

    private static final Cleaner CLEANER = Cleaner.create();
    private static final int MESSAGE_CAPACITY = 512;
    /** The largest block Java arrays can hold, one byte of intensity per detection. */
    private static final long MAX_DETECTIONS = Integer.MAX_VALUE - 8;

    private final QmkLibrary library;
    private final long seed;
    private final MemorySegment handle;
    private final Cleaner.Cleanable release;
    private PhotonicsConfig configured;
    private boolean closed;

    /**
     * Opens a driver of {@code library}.
     *
     * @throws NativeStatusException if the library's {@code qmk_driver_open} fails
     */
    public NativePhotonicsDriver(QmkLibrary library, long seed) {
        this.library = Objects.requireNonNull(library, "library");
        this.seed = seed;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ADDRESS);
            MemorySegment message = arena.allocate(MESSAGE_CAPACITY);
            String config = String.format(Locale.ROOT, "seed=%d", seed);
            int status = library.driverOpen(arena.allocateFrom(config), out, message, MESSAGE_CAPACITY);
            if (status != QmkStatus.OK.code()) {
                throw library.failure("qmk_driver_open", status, message.getString(0));
            }
            this.handle = out.get(ADDRESS, 0);
        }
        this.release = CLEANER.register(this, new Release(library, handle));
    }

    @Override
    public String name() {
        return "native";
    }

    @Override
    public DetectionBlock nextBlock(PhotonicsConfig config) {
        Objects.requireNonNull(config, "config");
        if (closed) {
            throw new IllegalStateException("the native photonics driver is closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            if (!config.equals(configured)) {
                MemorySegment message = arena.allocate(MESSAGE_CAPACITY);
                int status = library.driverConfigure(handle, arena.allocateFrom(config.toConfigString(seed)), message,
                        MESSAGE_CAPACITY);
                if (status != QmkStatus.OK.code()) {
                    throw library.failure("qmk_driver_configure", status, message.getString(0));
                }
                configured = config;
            }
            MemorySegment pulses = arena.allocate(JAVA_LONG, 3);
            MemorySegment count = arena.allocate(JAVA_LONG);
            library.check("qmk_driver_next_block", library.driverNextBlock(handle, pulses, count));
            long detections = count.get(JAVA_LONG, 0);
            if (detections < 0 || detections > MAX_DETECTIONS) {
                throw new IllegalStateException(String.format(Locale.ROOT,
                        "a block of %s detections does not fit Java arrays (at most %d)",
                        Long.toUnsignedString(detections), MAX_DETECTIONS));
            }
            int n = (int) detections;
            int words = Bits.words(n);
            byte[] intensity = new byte[n];
            long[] aliceBasisZ = new long[words];
            long[] aliceBit = new long[words];
            long[] bobBasisZ = new long[words];
            long[] bobBit = new long[words];
            library.check("qmk_driver_read_block", library.driverReadBlock(handle, n, MemorySegment.ofArray(intensity),
                    MemorySegment.ofArray(aliceBasisZ), MemorySegment.ofArray(aliceBit),
                    MemorySegment.ofArray(bobBasisZ), MemorySegment.ofArray(bobBit)));
            requireIntensities(intensity);
            long[] sent = pulses.toArray(JAVA_LONG);
            return new DetectionBlock(sent, n, new DetectionBlock.Transmitter(intensity, aliceBasisZ, aliceBit),
                    new DetectionBlock.Receiver(bobBasisZ, bobBit));
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release.clean();
        }
    }

    /** A driver library must report intensities 0, 1 or 2 only; anything else is its bug. */
    private static void requireIntensities(byte[] intensity) {
        int bad = 0;
        for (byte k : intensity) {
            bad |= (k & 0xff) > 2 ? 1 : 0;
        }
        if (bad != 0) {
            throw new IllegalStateException("the native driver reported an intensity other than 0, 1 or 2");
        }
    }

    /** Closes the native handle; holds no reference to the driver, so the driver can be collected. */
    private record Release(QmkLibrary library, MemorySegment handle) implements Runnable {
        @Override
        public void run() {
            library.driverClose(handle);
        }
    }
}
