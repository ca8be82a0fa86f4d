package io.lightvibes.service.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the HTTP edge: strict on input (no comments, no single quotes, no
 * trailing commas or tokens, no duplicate names), plain on output.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private Json() {
    }

    /** Parses a whole document; any syntax error (or invalid UTF-8) is a malformed body. */
    static JsonNode parse(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw UnreadableBodyException.malformed();
            }
            return node;
        } catch (JsonProcessingException e) {
            throw UnreadableBodyException.malformed();
        } catch (IOException e) {
            throw UnreadableBodyException.malformed();
        }
    }

    /** Serializes maps, lists, strings, numbers, booleans and nulls. */
    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mapper itself, for tests and the CLI that read answers. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
