package io.lightvibes.service.store;

import java.time.Instant;
import java.util.Locale;

/**
 * Times as the schema stores them: BIGINT microseconds since 1970-01-01T00:00:00Z, which SQLite
 * and PostgreSQL both store and compare exactly. Finer digits are truncated (toward the past).
 */
final class Micros {

    private Micros() {
    }

    static long of(Instant moment) {
        try {
            // epochSecond floors and nano is never negative, so this is floor(moment / 1 µs).
            return Math.addExact(Math.multiplyExact(moment.getEpochSecond(), 1_000_000L), moment.getNano() / 1_000);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "The key store cannot store the time %s: it is outside the microsecond range.", moment), e);
        }
    }

    static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
