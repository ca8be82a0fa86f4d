package io.lightvibes.nativebridge.check;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.lightvibes.nativebridge.QmkLibrary;
import io.lightvibes.nativebridge.QmkStatus;
import io.lightvibes.sim.driver.Bits;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The driver half: the open / configure / next block / read / close protocol with its status
 * codes, and sanity checks on a block that any working link, simulated or real, passes (valid
 * intensities, canonical packing, pulses adding up, a QBER a working link can have).
 */
final class DriverConformance {

    private static final long PULSES = 2_000_000;
    private static final String CONFIG = "distance_km=5;pulses_per_block=" + PULSES + ";seed=7";
    private static final int MESSAGE = 256;

    private final QmkLibrary library;
    private final List<CheckResult> results = new ArrayList<>();

    DriverConformance(QmkLibrary library) {
        this.library = library;
    }

    List<CheckResult> run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment message = arena.allocate(MESSAGE);
            MemorySegment handleOut = arena.allocate(ADDRESS);
            Conformance.check(results, "qmk_driver_open rejects an unknown key with QMK_ERR_CONFIG and a message",
                    () -> {
                        int status = library.driverOpen(arena.allocateFrom("colour=blue"), handleOut, message,
                                MESSAGE);
                        return status != QmkStatus.CONFIG.code() ? "status " + status
                                : message.getString(0).isBlank() ? "no message" : null;
                    });
            Conformance.check(results, "qmk_driver_open with a NULL config answers QMK_ERR_NULL_POINTER",
                    () -> expect(library.driverOpen(MemorySegment.NULL, handleOut, message, MESSAGE),
                            QmkStatus.NULL_POINTER));
            int opened = library.driverOpen(arena.allocateFrom(CONFIG), handleOut, message, MESSAGE);
            Conformance.check(results, "qmk_driver_open accepts '" + CONFIG + "'",
                    () -> expect(opened, QmkStatus.OK) == null ? null
                            : "status " + opened + ": " + message.getString(0));
            if (opened != QmkStatus.OK.code()) {
                return List.copyOf(results);
            }
            MemorySegment driver = handleOut.get(ADDRESS, 0);
            try {
                protocol(arena, driver);
            } finally {
                library.driverClose(driver);
            }
            library.driverClose(MemorySegment.NULL);
            results.add(CheckResult.pass("qmk_driver_close releases the handle; NULL is a no-op"));
        }
        return List.copyOf(results);
    }

    private void protocol(Arena arena, MemorySegment driver) {
        MemorySegment pulses = arena.allocate(JAVA_LONG, 3);
        MemorySegment count = arena.allocate(JAVA_LONG);
        MemorySegment nul = MemorySegment.NULL;
        Conformance.check(results, "qmk_driver_read_block before a block answers QMK_ERR_STATE",
                () -> expect(library.driverReadBlock(driver, 0, nul, nul, nul, nul, nul), QmkStatus.STATE));
        Conformance.check(results, "qmk_driver_configure rejects an unknown key with QMK_ERR_CONFIG", () -> expect(
                library.driverConfigure(driver, arena.allocateFrom("colour=red"), nul, 0), QmkStatus.CONFIG));
        int next = library.driverNextBlock(driver, pulses, count);
        Conformance.check(results, "qmk_driver_next_block delivers a block", () -> expect(next, QmkStatus.OK));
        if (next != QmkStatus.OK.code()) {
            return;
        }
        long detections = count.get(JAVA_LONG, 0);
        long[] sent = pulses.toArray(JAVA_LONG);
        Conformance.check(results, "the pulses per intensity add up to pulses_per_block", () -> {
            long total = sent[0] + sent[1] + sent[2];
            return total == PULSES && sent[0] >= 0 && sent[1] >= 0 && sent[2] >= 0 ? null
                    : String.format(Locale.ROOT, "pulses %d + %d + %d", sent[0], sent[1], sent[2]);
        });
        Conformance.check(results, "the block has detections, no more than pulses", () -> detections > 0
                && detections <= PULSES ? null : "detections " + Long.toUnsignedString(detections));
        if (detections <= 0 || detections > PULSES) {
            return;
        }
        int n = (int) detections;
        int words = Bits.words(n);
        MemorySegment intensity = arena.allocate(n);
        MemorySegment[] packed = new MemorySegment[4];
        for (int i = 0; i < 4; i++) {
            packed[i] = arena.allocate(JAVA_LONG, words).fill((byte) 0xff);
        }
        Conformance.check(results, "qmk_driver_read_block with a capacity below the block answers "
                + "QMK_ERR_BUFFER_TOO_SMALL", () -> expect(library.driverReadBlock(driver, n - 1, intensity, packed[0],
                        packed[1], packed[2], packed[3]), QmkStatus.BUFFER_TOO_SMALL));
        int read = library.driverReadBlock(driver, n, intensity, packed[0], packed[1], packed[2], packed[3]);
        Conformance.check(results, "qmk_driver_read_block then reads the pending block", () -> expect(read,
                QmkStatus.OK));
        Conformance.check(results, "a block is read once: reading again answers QMK_ERR_STATE", () -> expect(
                library.driverReadBlock(driver, n, intensity, packed[0], packed[1], packed[2], packed[3]),
                QmkStatus.STATE));
        if (read == QmkStatus.OK.code()) {
            records(n, intensity.toArray(JAVA_BYTE), packed);
        }
    }

    /** Sanity of the records themselves. */
    private void records(int n, byte[] intensity, MemorySegment[] packed) {
        long[] aliceZ = packed[0].toArray(JAVA_LONG);
        long[] aliceBit = packed[1].toArray(JAVA_LONG);
        long[] bobZ = packed[2].toArray(JAVA_LONG);
        long[] bobBit = packed[3].toArray(JAVA_LONG);
        Conformance.check(results, "every intensity is 0 (signal), 1 (decoy) or 2 (vacuum)", () -> {
            for (int i = 0; i < n; i++) {
                if ((intensity[i] & 0xff) > 2) {
                    return "detection " + i + " has intensity " + (intensity[i] & 0xff);
                }
            }
            return null;
        });
        Conformance.check(results, "packed records are canonical: bits past the last detection are zero", () -> {
            for (long[] words : new long[][] {aliceZ, aliceBit, bobZ, bobBit}) {
                long[] clean = words.clone();
                Bits.clearTail(clean, n);
                if (!Arrays.equals(clean, words)) {
                    return "a record has bits set past detection " + n;
                }
            }
            return null;
        });
        Conformance.check(results, "both ends use both bases and both bit values", () -> {
            long[][] flags = {aliceZ, bobZ, aliceBit, bobBit};
            for (long[] flag : flags) {
                long ones = 0;
                for (long w : flag) {
                    ones += Long.bitCount(w);
                }
                if (ones == 0 || ones == n) {
                    return "a record is constant over " + n + " detections";
                }
            }
            return null;
        });
        Conformance.check(results, "matched-basis detections have a QBER a working link can have (< 25 %)", () -> {
            long matched = 0;
            long errors = 0;
            for (int w = 0; w < aliceZ.length; w++) {
                long same = ~(aliceZ[w] ^ bobZ[w]) & tail(w, n);
                matched += Long.bitCount(same);
                errors += Long.bitCount(same & (aliceBit[w] ^ bobBit[w]));
            }
            double qber = matched == 0 ? 1.0 : (double) errors / matched;
            return matched > 0 && qber < 0.25 ? null
                    : String.format(Locale.ROOT, "QBER %.4f over %d matched detections", qber, matched);
        });
    }

    private static long tail(int word, long bits) {
        long rest = bits - ((long) word << 6);
        return rest >= 64 ? -1L : (1L << rest) - 1;
    }

    private String expect(int status, QmkStatus want) {
        return status == want.code() ? null : "status " + status + " (" + library.strerror(status) + "), expected "
                + want;
    }
}
