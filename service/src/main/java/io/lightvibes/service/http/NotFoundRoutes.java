package io.lightvibes.service.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

/** The last routes: any path nothing else answered is a 404 problem, not Helidon's plain text. */
public final class NotFoundRoutes implements HttpService {

    @Override
    public void routing(HttpRules rules) {
        rules.any((req, res) -> ProblemMapper.send(res, Problem.plain(Status.NOT_FOUND_404, "Not Found")));
    }
}
