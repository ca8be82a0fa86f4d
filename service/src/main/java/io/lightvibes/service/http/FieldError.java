package io.lightvibes.service.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One offending field of a request body.
 *
 * @param loc the path of the field, e.g. {@code ["policy", "ttl_s"]}; empty for the body itself
 * @param msg what is wrong with it
 */
public record FieldError(List<Object> loc, String msg) {

    public FieldError {
        loc = List.copyOf(loc);
    }

    /** {@code policy.ttl_s: Input should be ...} (the body itself is {@code body}). */
    String summary() {
        String path = loc.isEmpty() ? "body" : loc.stream().map(String::valueOf).collect(Collectors.joining("."));
        return path + ": " + msg;
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("loc", loc.isEmpty() ? List.of("body") : loc);
        body.put("msg", msg);
        return body;
    }
}
