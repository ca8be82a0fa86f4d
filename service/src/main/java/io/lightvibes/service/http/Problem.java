package io.lightvibes.service.http;

import io.helidon.http.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 9457 problem details document.
 *
 * @param status the HTTP status
 * @param kind the last part of {@code type} ({@code urn:lightvibes:problem:KIND}); empty gives
 *     {@code about:blank}, whose title is the HTTP status phrase (RFC 9457 §4.2.1)
 * @param title a short, stable summary of the problem class
 * @param detail what happened in this occurrence and what the caller can do
 * @param errors for invalid requests: the offending fields
 * @param retryAfterS for 503s: seconds to wait before retrying
 */
public record Problem(Status status, Optional<String> kind, String title, String detail,
        Optional<List<FieldError>> errors, Optional<Integer> retryAfterS) {

    /** RFC 9457 §3: the media type of a problem details document. */
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:lightvibes:problem:";

    public Problem {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(retryAfterS, "retryAfterS");
    }

    static Problem of(Status status, String kind, String title, String detail) {
        return new Problem(status, Optional.of(kind), title, detail, Optional.empty(), Optional.empty());
    }

    /** A problem whose type is about:blank: the title is the status phrase. */
    static Problem plain(Status status, String detail) {
        return new Problem(status, Optional.empty(), status.reasonPhrase(), detail, Optional.empty(), Optional.empty());
    }

    Problem retryAfter(int seconds) {
        return new Problem(status, kind, title, detail, errors, Optional.of(seconds));
    }

    /** The body, in the order the prototype wrote it: type, title, status, detail[, errors]. */
    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", kind.map(k -> TYPE_PREFIX + k).orElse("about:blank"));
        body.put("title", title);
        body.put("status", status.code());
        body.put("detail", detail);
        errors.ifPresent(list -> body.put("errors", list.stream().map(FieldError::body).toList()));
        return body;
    }
}
