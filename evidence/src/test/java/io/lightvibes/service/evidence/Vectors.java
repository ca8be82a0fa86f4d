package io.lightvibes.service.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The prototype's known-answer files under {@code src/test/resources/vectors/}. */
final class Vectors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Vectors() {}

    static JsonNode load(String path) {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + path)) {
            if (in == null) {
                throw new IllegalStateException("no vector file " + path);
            }
            return JSON.readTree(in);
        } catch (IOException error) {
            throw new UncheckedIOException(error);
        }
    }

    static byte[] hex(JsonNode text) {
        return HexFormat.of().parseHex(text.asText());
    }

    static List<byte[]> hexes(JsonNode array) {
        List<byte[]> values = new ArrayList<>();
        array.forEach(item -> values.add(hex(item)));
        return values;
    }
}
