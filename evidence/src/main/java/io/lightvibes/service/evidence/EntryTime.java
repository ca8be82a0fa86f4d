package io.lightvibes.service.evidence;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An entry's {@code time}: RFC 3339, UTC, six fraction digits and {@code Z}, years 0001 to 9999. */
final class EntryTime {

    private static final Pattern TEXT = Pattern.compile(
            "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\\.([0-9]{6})Z");

    private EntryTime() {}

    /** The text of {@code time}, truncated to the microsecond. */
    static String format(Instant time) {
        if (time == null) {
            throw new UnloggableEventException("an entry time is an instant");
        }
        LocalDateTime utc = LocalDateTime.ofInstant(time.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        if (utc.getYear() < 1 || utc.getYear() > 9999) {
            throw new UnloggableEventException("an entry time lies in the years 0001 to 9999");
        }
        StringBuilder text = new StringBuilder(27);
        padded(text, utc.getYear(), 4).append('-');
        padded(text, utc.getMonthValue(), 2).append('-');
        padded(text, utc.getDayOfMonth(), 2).append('T');
        padded(text, utc.getHour(), 2).append(':');
        padded(text, utc.getMinute(), 2).append(':');
        padded(text, utc.getSecond(), 2).append('.');
        return padded(text, utc.getNano() / 1000, 6).append('Z').toString();
    }

    /** The instant a decoded {@code time} member names; {@link MalformedEvidenceException} if none. */
    static Instant parse(Object value) {
        String text = value instanceof String string ? string : "";
        Matcher parts = TEXT.matcher(text);
        if (!parts.matches()) {
            throw new MalformedEvidenceException("an entry time is RFC 3339 UTC with microseconds, e.g. ...05.123456Z");
        }
        try {
            int year = Integer.parseInt(parts.group(1));
            if (year < 1) {
                throw new DateTimeException("year 0000");
            }
            // The pattern fixed the layout; this checks the calendar and the clock.
            return LocalDateTime.of(year, Integer.parseInt(parts.group(2)), Integer.parseInt(parts.group(3)),
                            Integer.parseInt(parts.group(4)), Integer.parseInt(parts.group(5)),
                            Integer.parseInt(parts.group(6)), Integer.parseInt(parts.group(7)) * 1000)
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeException error) {
            throw new MalformedEvidenceException("entry time '" + text + "' is not a real instant");
        }
    }

    private static StringBuilder padded(StringBuilder text, int value, int digits) {
        String number = Integer.toString(value);
        return text.repeat('0', digits - number.length()).append(number);
    }
}
