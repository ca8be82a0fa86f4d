package io.lightvibes.service.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * At most {@code permits} requests per {@code period} for each peer ({@code LIGHTVIBES_RATE_LIMIT},
 * written {@code 100/second}, {@code 6000/minute}, {@code 10/s}).
 */
public record RateLimit(long permits, Duration period) {

    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})\\s*/\\s*([a-z]+)");
    private static final Map<String, Duration> PERIODS = Map.of(
            "s", Duration.ofSeconds(1), "second", Duration.ofSeconds(1),
            "m", Duration.ofMinutes(1), "minute", Duration.ofMinutes(1),
            "h", Duration.ofHours(1), "hour", Duration.ofHours(1));

    public RateLimit {
        if (permits < 1) {
            throw new IllegalArgumentException("a rate limit allows at least one request");
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a rate limit's period is positive");
        }
    }

    /** {@code N/second}, {@code N/minute} or {@code N/hour} (also {@code s}, {@code m}, {@code h}). */
    public static RateLimit parse(String text) {
        Matcher form = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!form.matches() || !PERIODS.containsKey(form.group(2)) || Long.parseLong(form.group(1)) < 1) {
            throw new IllegalArgumentException("must be N/second, N/minute or N/hour with N from 1, e.g. 100/second");
        }
        return new RateLimit(Long.parseLong(form.group(1)), PERIODS.get(form.group(2)));
    }

    @Override
    public String toString() {
        return permits + "/" + (period.equals(Duration.ofSeconds(1)) ? "second"
                : period.equals(Duration.ofMinutes(1)) ? "minute" : "hour");
    }
}
