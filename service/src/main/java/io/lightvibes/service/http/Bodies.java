package io.lightvibes.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Reads a request body as JSON: at most 64 KiB, declared as application/json (or undeclared). */
final class Bodies {

    static final int MAX_BODY_BYTES = 64 * 1024;

    private Bodies() {
    }

    /** The parsed body; an absent or empty body is malformed JSON. */
    static JsonNode json(ServerRequest request) {
        Optional<HttpMediaType> type = request.headers().contentType();
        if (type.isPresent() && !isJson(type.get())) {
            throw UnreadableBodyException.unsupportedType(type.get().mediaType().text());
        }
        if (request.headers().contentLength().orElse(0) > MAX_BODY_BYTES) {
            throw UnreadableBodyException.tooLarge(MAX_BODY_BYTES);
        }
        if (!request.content().hasEntity()) {
            throw UnreadableBodyException.malformed();
        }
        return Json.parse(readAtMost(request, MAX_BODY_BYTES));
    }

    private static boolean isJson(HttpMediaType type) {
        var media = type.mediaType();
        return media.type().equals(MediaTypes.APPLICATION_JSON.type())
                && (media.subtype().equals("json") || media.subtype().endsWith("+json"));
    }

    private static byte[] readAtMost(ServerRequest request, int limit) {
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw UnreadableBodyException.tooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body failed", e);
        }
    }
}
