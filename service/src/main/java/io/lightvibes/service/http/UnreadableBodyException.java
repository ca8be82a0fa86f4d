package io.lightvibes.service.http;

import io.helidon.http.Status;

/** A request body that cannot be read as JSON at all: malformed (400), too large (413) or not JSON (415). */
final class UnreadableBodyException extends RuntimeException {

    private final transient Problem problem;

    private UnreadableBodyException(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    static UnreadableBodyException malformed() {
        return new UnreadableBodyException(Problem.of(Status.BAD_REQUEST_400, "malformed-json", "Malformed JSON",
                "The request body is not valid JSON."));
    }

    static UnreadableBodyException tooLarge(int limitBytes) {
        return new UnreadableBodyException(Problem.of(Status.REQUEST_ENTITY_TOO_LARGE_413, "payload-too-large",
                "Payload too large", "The request body is larger than " + limitBytes / 1024
                        + " KiB; LIGHTVIBES requests are small JSON objects."));
    }

    static UnreadableBodyException unsupportedType(String given) {
        return new UnreadableBodyException(Problem.of(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported-media-type",
                "Unsupported media type", "The request body must be application/json, not " + given + "."));
    }

    Problem problem() {
        return problem;
    }
}
