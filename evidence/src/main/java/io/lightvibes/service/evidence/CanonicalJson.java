package io.lightvibes.service.evidence;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RFC 8785 JSON Canonicalization Scheme: the one spelling of a JSON value.
 *
 * <p>Values are Java's JSON model: {@code null}, {@link Boolean}, {@link String}, integers
 * ({@link Integer}, {@link Long}, {@link Short}, {@link Byte}, {@link BigInteger}) within I-JSON's
 * exact range ±(2^53 − 1), finite {@link Double}s and {@link Float}s, {@link List}s and
 * {@link Map}s with string keys. Anything else, a non-finite number, an integer beyond that range
 * or a string that is not well-formed UTF-16 is refused with {@link IllegalArgumentException}.
 */
final class CanonicalJson {

    // RFC 8785 §3.2.2.3 and RFC 7493 §2.2: integers are exact only up to 2^53 - 1 in magnitude.
    private static final long MAX_EXACT_INTEGER = (1L << 53) - 1;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {}

    /** The canonical UTF-8 bytes of {@code value} (RFC 8785 §3.2). */
    static byte[] encode(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case Boolean flag -> out.append(flag ? "true" : "false");
            case String text -> writeString(text, out);
            case Integer number -> out.append(number.intValue());
            case Short number -> out.append(number.shortValue());
            case Byte number -> out.append(number.byteValue());
            case Long number -> out.append(exactInteger(number));
            case BigInteger number -> out.append(exactInteger(number));
            case Double number -> out.append(EcmaScriptNumbers.toJson(number));
            case Float number -> out.append(EcmaScriptNumbers.toJson(number.doubleValue()));
            case List<?> list -> writeArray(list, out);
            case Map<?, ?> map -> writeObject(map, out);
            default -> throw new IllegalArgumentException(
                    value.getClass().getSimpleName() + " is not a JSON value");
        }
    }

    private static long exactInteger(long number) {
        if (Math.abs(number) > MAX_EXACT_INTEGER || number == Long.MIN_VALUE) {
            throw outOfRange(Long.toString(number));
        }
        return number;
    }

    private static long exactInteger(BigInteger number) {
        if (number.abs().compareTo(BigInteger.valueOf(MAX_EXACT_INTEGER)) > 0) {
            throw outOfRange(number.toString());
        }
        return number.longValueExact();
    }

    private static IllegalArgumentException outOfRange(String number) {
        return new IllegalArgumentException(String.format(
                Locale.ROOT, "integer %s is outside the exact range of I-JSON, ±(2^53 - 1)", number));
    }

    private static void writeArray(List<?> list, StringBuilder out) {
        out.append('[');
        boolean first = true;
        for (Object item : list) {
            if (!first) {
                out.append(',');
            }
            first = false;
            write(item, out);
        }
        out.append(']');
    }

    private static void writeObject(Map<?, ?> map, StringBuilder out) {
        List<String> names = new ArrayList<>(map.size());
        for (Object name : map.keySet()) {
            if (!(name instanceof String text)) {
                throw new IllegalArgumentException("object member names are strings");
            }
            names.add(text);
        }
        // RFC 8785 §3.2.3: members sorted by their names as arrays of UTF-16 code units, which is
        // exactly String.compareTo.
        names.sort(null);
        out.append('{');
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            writeString(names.get(i), out);
            out.append(':');
            write(map.get(names.get(i)), out);
        }
        out.append('}');
    }

    /** RFC 8785 §3.2.2.2: the ECMAScript JSON.stringify escapes, everything else as itself. */
    private static void writeString(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else if (Character.isHighSurrogate(c)
                            && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        // RFC 8785 §3.2.2.2: strings must be valid Unicode; a lone surrogate has
                        // no UTF-8 form.
                        throw new IllegalArgumentException(String.format(
                                Locale.ROOT, "a string holds a lone surrogate U+%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
