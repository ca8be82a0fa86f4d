package io.lightvibes.service.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8785 against the RFC's own examples (§3.2.2, §3.2.3, §3.2.4, Appendix B) and ECMAScript's rules. */
class CanonicalJsonTest {

    private static String canonical(String json) {
        return new String(CanonicalJson.encode(StrictJson.parse(json)), StandardCharsets.UTF_8);
    }

    @Test
    void section324SampleGivesTheRfcsBytes() {
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50,
                              2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""";
        // RFC 8785 §3.2.4, the UTF-8 bytes of the canonical form, as printed there.
        byte[] expected = HexFormat.of().parseHex("""
                7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
                75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
                5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
                65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
                5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
                30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d
                """.replaceAll("\\s", ""));
        assertThat(CanonicalJson.encode(StrictJson.parse(input))).isEqualTo(expected);
        assertThat(canonical(input)).isEqualTo(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void section323SortsMemberNamesByUtf16CodeUnits() {
        String input = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }""";
        String out = canonical(input);
        List<String> order = List.of("Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis",
                "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh");
        int position = -1;
        for (String value : order) {
            int next = out.indexOf(value);
            assertThat(next).as(value).isGreaterThan(position);
            position = next;
        }
        // The emoji's surrogate pair sorts below U+FB33 although its code point is above it.
        assertThat(out).startsWith("{\"\\r\":\"Carriage Return\",\"1\":\"One\"");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "0000000000000000, 0",
        "8000000000000000, 0",
        "0000000000000001, 5e-324",
        "8000000000000001, -5e-324",
        "7fefffffffffffff, 1.7976931348623157e+308",
        "ffefffffffffffff, -1.7976931348623157e+308",
        "4340000000000000, 9007199254740992",
        "c340000000000000, -9007199254740992",
        "4430000000000000, 295147905179352830000",
        "44b52d02c7e14af5, 9.999999999999997e+22",
        "44b52d02c7e14af6, 1e+23",
        "44b52d02c7e14af7, 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e, 999999999999999700000",
        "444b1ae4d6e2ef4f, 999999999999999900000",
        "444b1ae4d6e2ef50, 1e+21",
        "3eb0c6f7a0b5ed8c, 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d, 0.000001",
        "41b3de4355555553, 333333333.3333332",
        "41b3de4355555554, 333333333.33333325",
        "41b3de4355555555, 333333333.3333333",
        "41b3de4355555556, 333333333.3333334",
        "41b3de4355555557, 333333333.33333343",
        "becbf647612f3696, -0.0000033333333333333333",
        "43143ff3c1cb0959, 1424953923781206.2",
    })
    void appendixBNumbersAreSpelledAsTheRfcSays(String bits, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertThat(EcmaScriptNumbers.toJson(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"7fffffffffffffff", "7ff0000000000000", "fff0000000000000"})
    void appendixBNanAndInfinityAreRefused(String bits) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertThatThrownBy(() -> EcmaScriptNumbers.toJson(value))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON number");
    }

    @Test
    void randomDoublesAreTheShortestClosestDecimalThatReadsBack() {
        SplittableRandom random = new SplittableRandom(8785);
        for (int round = 0; round < 200_000; round++) {
            double value = round % 2 == 0
                    ? Double.longBitsToDouble(random.nextLong())
                    : random.nextDouble() * Math.pow(10, random.nextInt(-30, 30));
            if (!Double.isFinite(value) || value == 0) {
                continue;
            }
            String text = EcmaScriptNumbers.toJson(value);
            assertThat(Double.parseDouble(text)).as(text).isEqualTo(value);
            BigDecimal written = new BigDecimal(text).stripTrailingZeros();
            // No decimal with fewer significant digits reads back as the same double.
            if (written.precision() > 1) {
                BigDecimal exact = new BigDecimal(value);
                int fewer = written.precision() - 1;
                for (var mode : new java.math.RoundingMode[] {java.math.RoundingMode.FLOOR, java.math.RoundingMode.CEILING}) {
                    BigDecimal shorter = exact.round(new java.math.MathContext(fewer, mode));
                    assertThat(shorter.doubleValue()).as("%s shorter as %s", text, shorter).isNotEqualTo(value);
                }
            }
        }
    }

    @Test
    void randomDoublesAreSpelledAsAnIndependentEcmaScriptSerializerSpellsThem() throws Exception {
        // io.github.erdtman:java-json-canonicalization ports V8's number formatting: another
        // implementation of the same ECMAScript rule, as a test oracle only.
        SplittableRandom random = new SplittableRandom(6);
        for (int round = 0; round < 300_000; round++) {
            double value = switch (round % 3) {
                case 0 -> Double.longBitsToDouble(random.nextLong());
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(-330, 310));
                default -> (double) random.nextLong(-(1L << 60), 1L << 60) / (1L << random.nextInt(0, 60));
            };
            if (Double.isFinite(value)) {
                assertThat(EcmaScriptNumbers.toJson(value)).as("bits %x", Double.doubleToRawLongBits(value))
                        .isEqualTo(org.erdtman.jcs.NumberToJSON.serializeNumber(value));
            }
        }
    }

    @Test
    void layoutSwitchesToExponentsAtEcmaScriptsThresholds() {
        assertThat(EcmaScriptNumbers.toJson(1e20)).isEqualTo("100000000000000000000");
        assertThat(EcmaScriptNumbers.toJson(1e21)).isEqualTo("1e+21");
        assertThat(EcmaScriptNumbers.toJson(1e-6)).isEqualTo("0.000001");
        assertThat(EcmaScriptNumbers.toJson(1e-7)).isEqualTo("1e-7");
        assertThat(EcmaScriptNumbers.toJson(1.5e-7)).isEqualTo("1.5e-7");
        assertThat(EcmaScriptNumbers.toJson(123.0)).isEqualTo("123");
        assertThat(EcmaScriptNumbers.toJson(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(EcmaScriptNumbers.toJson(-0.0)).isEqualTo("0");
    }

    @Test
    void stringsEscapeOnlyWhatJsonStringifyEscapes() {
        String all = "\"\\\b\f\n\r\t\u0000\u001f\u007f\u2028é😀/";
        assertThat(new String(CanonicalJson.encode(all), StandardCharsets.UTF_8))
                .isEqualTo("\"\\\"\\\\\\b\\f\\n\\r\\t\\u0000\\u001f\u007f\u2028é😀/\"");
        assertThatThrownBy(() -> CanonicalJson.encode("\ud800"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate");
        assertThatThrownBy(() -> CanonicalJson.encode("a\udc00b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lone surrogate");
    }

    @Test
    void integersAreExactOnlyWithinIJsonRange() {
        long max = (1L << 53) - 1;
        assertThat(CanonicalJson.encode(max)).asString().isEqualTo("9007199254740991");
        assertThat(CanonicalJson.encode(-max)).asString().isEqualTo("-9007199254740991");
        assertThat(CanonicalJson.encode(BigInteger.valueOf(max))).asString().isEqualTo("9007199254740991");
        for (Object tooBig : List.of(max + 1, -max - 1, Long.MIN_VALUE, BigInteger.TWO.pow(64))) {
            assertThatThrownBy(() -> CanonicalJson.encode(tooBig))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exact range");
        }
        // A double of the same value is a number like any other (RFC 8785 §3.2.2.3).
        assertThat(CanonicalJson.encode(9007199254740992.0)).asString().isEqualTo("9007199254740992");
    }

    @Test
    void nonJsonValuesAreRefused() {
        assertThatThrownBy(() -> CanonicalJson.encode(Map.of("a", new Object())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON value");
        assertThatThrownBy(() -> CanonicalJson.encode(Map.of(1, "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names are strings");
    }

    @Test
    void strictParserRefusesDuplicatesNanAndTrailingContent() {
        for (String bad : List.of("{\"a\":1,\"a\":2}", "NaN", "[1] 2", "", "{'a':1}", "[01]", "/*c*/1", "\"\u0001\"")) {
            assertThatThrownBy(() -> StrictJson.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(StrictJson.parse("[1, 1.0, 1e400, 123456789012345678901234567890]"))
                .isEqualTo(List.of(1L, 1.0, Double.POSITIVE_INFINITY, new BigInteger("123456789012345678901234567890")));
    }
}
