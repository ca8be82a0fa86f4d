package io.lightvibes.service.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;

/** Answers 405 with an {@code Allow} header for a path that exists under other methods. */
final class MethodNotAllowed {

    private MethodNotAllowed() {
    }

    static Handler allowing(String methods) {
        return (req, res) -> {
            res.header(HeaderNames.ALLOW, methods);
            ProblemMapper.send(res, Problem.plain(Status.METHOD_NOT_ALLOWED_405, "Method Not Allowed"));
        };
    }
}
