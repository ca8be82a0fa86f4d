package io.lightvibes.service.evidence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one JSON text into Java's JSON model (the one {@link CanonicalJson} writes) and refuses
 * what RFC 8259 leaves open and a log must not: duplicate member names, NaN and other non-JSON
 * literals, trailing content. Integers become {@link Long} (or {@link java.math.BigInteger} past
 * its range), other numbers {@link Double}; objects and lists come back unmodifiable.
 */
final class StrictJson {

    // Jackson's defaults already refuse comments, single quotes, unquoted names, leading zeros,
    // NaN and raw control characters in strings; duplicates must be switched on.
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private StrictJson() {}

    /** The value of {@code text}; {@link IllegalArgumentException} with the parser's reason if it is not JSON. */
    static Object parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new IllegalArgumentException("no JSON value");
            }
            Object value = read(parser, first);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("content after the JSON value");
            }
            return value;
        } catch (JsonProcessingException error) {
            throw new IllegalArgumentException(error.getOriginalMessage(), error);
        } catch (IOException error) {
            throw new IllegalArgumentException("unreadable JSON: " + error.getMessage(), error);
        }
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> readObject(parser);
            case START_ARRAY -> readArray(parser);
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                case INT, LONG -> parser.getLongValue();
                default -> parser.getBigIntegerValue();
            };
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new IllegalArgumentException("unexpected " + token);
        };
    }

    private static Map<String, Object> readObject(JsonParser parser) throws IOException {
        Map<String, Object> members = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            members.put(name, read(parser, parser.nextToken()));
        }
        return Collections.unmodifiableMap(members);
    }

    private static List<Object> readArray(JsonParser parser) throws IOException {
        List<Object> items = new ArrayList<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            items.add(read(parser, token));
        }
        return Collections.unmodifiableList(items);
    }
}
