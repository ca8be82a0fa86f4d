package io.lightvibes.service.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.NotFoundException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightvibes.service.identity.Callers;
import io.lightvibes.service.identity.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The operators' dashboard: {@code /} is the page, {@code /web/{file}} its scripts, styles and the
 * vendored charting library, all read once from the jar ({@code web/}). Only the files listed here
 * are served (no path is ever resolved against a directory). The page shows the link drill only to
 * callers with the {@link Principal#ADMIN} role; the drill endpoint checks again on its own.
 */
public final class DashboardRoutes implements HttpService {

    /** Every file the page uses, with its media type. */
    static final Map<String, String> FILES = Map.of(
            "dashboard.js", "text/javascript; charset=utf-8",
            "evidence.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8",
            "uPlot.iife.min.js", "text/javascript; charset=utf-8",
            "uPlot.min.css", "text/css; charset=utf-8",
            "uPlot.LICENSE", "text/plain; charset=utf-8");
    /** Scripts and styles from this origin only; nothing inline, nothing from elsewhere. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final String page;
    private final Map<String, byte[]> files;

    public DashboardRoutes() {
        this.page = new String(read("index.html"), StandardCharsets.UTF_8);
        this.files = FILES.keySet().stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                name -> name, DashboardRoutes::read));
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::page)
                .any("/", MethodNotAllowed.allowing("GET"))
                .get("/web/{file}", this::file);
    }

    /** {@code curl -s 127.0.0.1:8000/}: the page, with the drill shown to admins. */
    private void page(ServerRequest req, ServerResponse res) {
        Principal caller = Callers.of(req);
        String html = page.replace("{{admin}}", Boolean.toString(caller.hasRole(Principal.ADMIN)))
                .replace("{{caller}}", caller.peerId()); // a peer id is [A-Za-z0-9._:-]: safe in an attribute
        send(res, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code curl -s 127.0.0.1:8000/web/dashboard.js} */
    private void file(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("file");
        byte[] body = files.get(name);
        if (body == null) {
            throw new NotFoundException("no dashboard file " + name);
        }
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        send(res, FILES.get(name), body);
    }

    private static void send(ServerResponse res, String mediaType, byte[] body) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, mediaType);
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        res.header("Referrer-Policy", "no-referrer");
        res.send(body);
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardRoutes.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file web/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
