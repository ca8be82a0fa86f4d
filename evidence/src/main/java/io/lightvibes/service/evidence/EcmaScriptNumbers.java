package io.lightvibes.service.evidence;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * ECMAScript's Number::toString for finite doubles, which RFC 8785 §3.2.2.3 makes the spelling of
 * every JSON number: the shortest decimal that reads back as the same double, laid out without
 * an exponent from 1e-6 up to (but not including) 1e21 and with one outside.
 */
final class EcmaScriptNumbers {

    private EcmaScriptNumbers() {}

    /** The RFC 8785 text of {@code value}; {@link IllegalArgumentException} for NaN and infinities. */
    static String toJson(double value) {
        if (!Double.isFinite(value)) {
            // RFC 8785 §3.2.2.3: NaN and Infinity have no JSON form and must cause an error.
            throw new IllegalArgumentException(value + " is not a JSON number");
        }
        if (value == 0) {
            return "0"; // ECMAScript: both +0 and -0 are written "0"
        }
        BigDecimal shortest = shortest(Math.abs(value));
        String digits = shortest.unscaledValue().toString();
        int k = digits.length();
        // ECMA-262 Number::toString: the value is s × 10^(n - k) with k digits in s.
        int n = k - shortest.scale();
        StringBuilder out = new StringBuilder(value < 0 ? "-" : "");
        if (k <= n && n <= 21) {
            // Step: k ≤ n ≤ 21, the digits followed by n - k zeros.
            out.append(digits).repeat('0', n - k);
        } else if (0 < n && n <= 21) {
            // Step: 0 < n ≤ 21, the first n digits, a point, the other k - n.
            out.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            // Step: -6 < n ≤ 0, "0." then -n zeros then the digits.
            out.append("0.").repeat('0', -n).append(digits);
        } else {
            // Otherwise an exponent: one digit, then the rest after a point if k > 1, then e±(n - 1).
            out.append(digits.charAt(0));
            if (k > 1) {
                out.append('.').append(digits, 1, k);
            }
            out.append('e').append(n - 1 >= 0 ? '+' : '-').append(Math.abs(n - 1));
        }
        return out.toString();
    }

    /**
     * The decimal with the fewest significant digits that reads back as {@code value} (positive,
     * finite), the closest such one to it, ties to an even last digit: ECMA-262's choice of s, k, n.
     */
    private static BigDecimal shortest(double value) {
        // Since JDK 19 Double.toString gives the shortest decimal that rounds to the value, closest
        // if several, except that where one digit would do it may give the closest of two digits
        // (4.9E-324 for 2^-1074, where ECMAScript writes 5e-324). One-digit candidates are checked.
        BigDecimal javas = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (javas.precision() > 2) {
            return javas;
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal best = null;
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal candidate = javas.round(new MathContext(1, mode));
            if (candidate.doubleValue() == value && closer(candidate, best, exact)) {
                best = candidate;
            }
        }
        return best == null ? javas : best.stripTrailingZeros();
    }

    private static boolean closer(BigDecimal candidate, BigDecimal best, BigDecimal exact) {
        if (best == null) {
            return true;
        }
        int order = candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs());
        return order < 0 || order == 0 && !candidate.unscaledValue().testBit(0);
    }
}
