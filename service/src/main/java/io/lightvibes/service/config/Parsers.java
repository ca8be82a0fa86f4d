package io.lightvibes.service.config;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The parsers settings are built from; each failure message reads after "VARIABLE: ". */
final class Parsers {

    private Parsers() {
    }

    static Setting.Parser<Integer> wholeNumber(long min, long max) {
        return text -> {
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(range("a whole number", min, max));
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(range("a whole number", min, max));
            }
            return (int) value;
        };
    }

    static Setting.Parser<Long> longNumber(long min, long max) {
        return text -> {
            double value = decimal(text, "a whole number");
            // Accepts 2e8 as well as 200000000, but never a fraction.
            if (value != Math.rint(value) || value < min || value > max) {
                throw new IllegalArgumentException(range("a whole number", min, max));
            }
            return (long) value;
        };
    }

    /** A number in [min, max], or (min, max) ends when the flags say so. */
    static Setting.Parser<Double> number(double min, boolean minOpen, double max, boolean maxOpen) {
        String expected = String.format(Locale.ROOT, "a number %s %s and %s %s",
                minOpen ? "greater than" : "at least", plain(min), maxOpen ? "less than" : "at most", plain(max));
        return text -> {
            double value = decimal(text, expected);
            boolean aboveMin = minOpen ? value > min : value >= min;
            boolean belowMax = maxOpen ? value < max : value <= max;
            if (!aboveMin || !belowMax) {
                throw new IllegalArgumentException("must be " + expected);
            }
            return value;
        };
    }

    static Setting.Parser<Boolean> bool() {
        return text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    static Setting.Parser<String> text() {
        return text -> text;
    }

    static Setting.Parser<String> matching(Pattern pattern, String what) {
        return text -> {
            if (!pattern.matcher(text).matches()) {
                throw new IllegalArgumentException("must be " + what);
            }
            return text;
        };
    }

    static Setting.Parser<Path> path() {
        return text -> {
            if (text.isEmpty()) {
                throw new IllegalArgumentException("must be a path");
            }
            return Path.of(text);
        };
    }

    static Setting.Parser<Optional<Path>> optionalPath() {
        return text -> text.isEmpty() ? Optional.empty() : Optional.of(Path.of(text));
    }

    static Setting.Parser<OptionalLong> optionalLong() {
        return text -> {
            if (text.isEmpty()) {
                return OptionalLong.empty();
            }
            try {
                return OptionalLong.of(Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number, or empty for fresh entropy");
            }
        };
    }

    /** One of an enum's constants, written as the constant's {@code toString()}. */
    static <E extends Enum<E>> Setting.Parser<E> oneOf(Class<E> type) {
        E[] constants = type.getEnumConstants();
        String choices = Arrays.stream(constants).map(Object::toString).collect(Collectors.joining(", "));
        return text -> {
            for (E constant : constants) {
                if (constant.toString().equals(text)) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("must be one of " + choices);
        };
    }

    private static double decimal(String text, String expected) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isFinite(value) && !text.endsWith("d") && !text.endsWith("f")
                    && !text.endsWith("D") && !text.endsWith("F")) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("must be " + expected);
    }

    private static String range(String what, long min, long max) {
        return String.format(Locale.ROOT, "must be %s from %d to %d", what, min, max);
    }

    static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** Comma-separated items, each trimmed; empty items are refused. */
    static Setting.Parser<List<String>> commaList() {
        return text -> {
            if (text.isEmpty()) {
                return List.of();
            }
            List<String> items = Arrays.stream(text.split(",", -1)).map(String::strip).toList();
            if (items.contains("")) {
                throw new IllegalArgumentException("must be a comma-separated list without empty items");
            }
            return items;
        };
    }
}
