package io.lightvibes.service.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * JSON values for a schema of the spec: mostly what it describes (so requests reach the logic
 * behind validation), near its edges, and, at every node now and then, something of another type.
 */
final class SchemaValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenApiSpec spec;

    SchemaValues(OpenApiSpec spec) {
        this.spec = spec;
    }

    /** Strings that break naive parsers: empty, long, control and non-ASCII characters, lookalikes. */
    static Arbitrary<String> trickyStrings() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "null", "0", "-1", "1e309", "PQC ", "pqc", "NONE\u0000", "../..", "%2e%2e",
                        "\u202e", "\uD83D\uDE00", "é", "a".repeat(129), "a".repeat(5000), "kr_", "\\", "\"", "{}", "[]"),
                Arbitraries.strings().ofMinLength(0).ofMaxLength(40),
                Arbitraries.strings().withChars("ABCDEFabcdef0123456789-_").ofMinLength(20).ofMaxLength(48));
    }

    /** Any JSON value, small. */
    static Arbitrary<JsonNode> anyValue() {
        return Arbitraries.oneOf(
                Arbitraries.just(NODES.nullNode()),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                trickyStrings().map(NODES::textNode),
                Arbitraries.just(NODES.arrayNode().add(1).add("x")),
                Arbitraries.just((JsonNode) NODES.objectNode().put("x", 1)));
    }

    Arbitrary<JsonNode> valuesOf(JsonNode schema) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(9, Arbitraries.lazy(() -> described(spec.resolve(schema)))),
                net.jqwik.api.Tuple.of(1, anyValue()));
    }

    private Arbitrary<JsonNode> described(JsonNode schema) {
        if (schema.has("anyOf")) {
            List<Arbitrary<JsonNode>> branches = new ArrayList<>();
            schema.get("anyOf").forEach(branch -> branches.add(valuesOf(branch)));
            return Arbitraries.oneOf(branches);
        }
        if (schema.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(values::add);
            return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.of(values)),
                    net.jqwik.api.Tuple.of(2, trickyStrings().map(NODES::textNode)));
        }
        String type = schema.path("type").asText("object");
        return switch (type) {
            case "string" -> strings(schema);
            case "integer" -> integers(schema);
            case "number" -> numbers(schema);
            case "boolean" -> Arbitraries.of(true, false).map(NODES::booleanNode);
            case "null" -> Arbitraries.just(NODES.nullNode());
            case "array" -> valuesOf(schema.path("items")).list().ofMaxSize(4).map(items -> {
                var array = NODES.arrayNode();
                items.forEach(array::add);
                return array;
            });
            default -> objects(schema);
        };
    }

    private Arbitrary<JsonNode> strings(JsonNode schema) {
        Arbitrary<String> shaped = schema.has("pattern")
                ? Arbitraries.strings().withChars("ABCXYZabcxyz0189._:-").ofMinLength(1).ofMaxLength(130)
                : Arbitraries.strings().alpha().ofMaxLength(20);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, shaped),
                net.jqwik.api.Tuple.of(2, trickyStrings())).map(NODES::textNode);
    }

    private static Arbitrary<JsonNode> integers(JsonNode schema) {
        long min = schema.has("minimum") ? schema.get("minimum").asLong() : -1_000;
        long max = schema.has("maximum") ? schema.get("maximum").asLong() : 1_000_000;
        long step = schema.has("multipleOf") ? schema.get("multipleOf").asLong() : 1;
        Arbitrary<Long> inside = Arbitraries.longs().between(min / step, max / step).map(n -> n * step);
        Arbitrary<Long> edges = Arbitraries.of(min - 1, min, max, max + 1, min + 1, 0L, -1L, Long.MAX_VALUE,
                Long.MIN_VALUE, (long) Integer.MAX_VALUE + 1);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, inside), net.jqwik.api.Tuple.of(4, edges))
                .map(NODES::numberNode);
    }

    private static Arbitrary<JsonNode> numbers(JsonNode schema) {
        double min = schema.path("minimum").asDouble(-1e6);
        double max = schema.path("maximum").asDouble(1e6);
        return Arbitraries.oneOf(Arbitraries.doubles().between(min, max),
                Arbitraries.of(min - 1e-9, max + 1e-9, -0.0, 1e308, 5e-324, Math.nextUp(max))).map(NODES::numberNode);
    }

    private Arbitrary<JsonNode> objects(JsonNode schema) {
        Set<String> required = new java.util.HashSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        List<Arbitrary<Map.Entry<String, JsonNode>>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext();) {
            Map.Entry<String, JsonNode> property = properties.next();
            int present = required.contains(property.getKey()) ? 19 : 7;
            Arbitrary<Map.Entry<String, JsonNode>> field = valuesOf(property.getValue())
                    .map(value -> Map.entry(property.getKey(), value));
            fields.add(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(present, field),
                    net.jqwik.api.Tuple.of(20 - present - 1, Arbitraries.just(null)),
                    net.jqwik.api.Tuple.of(1, Arbitraries.just(Map.entry("unknown_field", (JsonNode) NODES.textNode("x"))))));
        }
        if (fields.isEmpty()) {
            return Arbitraries.just(NODES.objectNode());
        }
        return Combinators.combine(fields).as(entries -> {
            ObjectNode object = NODES.objectNode();
            entries.stream().filter(java.util.Objects::nonNull).forEach(entry -> object.set(entry.getKey(), entry.getValue()));
            return (JsonNode) object;
        });
    }

    static String text(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
