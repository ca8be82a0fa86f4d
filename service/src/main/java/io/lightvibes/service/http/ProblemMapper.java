package io.lightvibes.service.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.http.NotFoundException;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerResponse;
import io.lightvibes.service.guard.GuardDeniedException;
import io.lightvibes.service.guard.RateLimitedException;
import io.lightvibes.service.guard.RateLimiterUnavailableException;
import io.lightvibes.service.identity.UnauthenticatedException;
import io.lightvibes.service.keys.InvalidRequestException;
import io.lightvibes.service.keys.KeyNotFoundException;
import io.lightvibes.service.keys.KeySourceUnavailableException;
import io.lightvibes.service.keys.SessionNotFoundException;
import io.lightvibes.service.store.StoreConflictException;
import io.lightvibes.service.store.StoreUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that turns errors into RFC 9457 answers. Handlers throw; this maps. Nothing a
 * client sees carries a stack trace, an internal message of a store or a key byte.
 */
public final class ProblemMapper {

    private static final System.Logger LOG = System.getLogger("lightvibes.http");
    /** Seconds a client should wait after a store failure (the store recovers on its own). */
    static final int STORE_RETRY_AFTER_S = 2;

    private ProblemMapper() {
    }

    /** Registers the error handlers on {@code routing}. */
    public static void register(HttpRouting.Builder routing) {
        // No route matched: Helidon's routing throws NotFoundException; answer it as a problem too.
        routing.error(NotFoundException.class, (req, res, e) ->
                        send(res, Problem.plain(Status.NOT_FOUND_404, "Not Found")))
                // Helidon's own refusals (a bad request line, a bad path encoding ...) keep their status.
                .error(HttpException.class, (req, res, e) -> send(res, Problem.plain(e.status(),
                        e.status().code() < 500 ? e.status().reasonPhrase() : "The server failed; this is a bug.")))
                .error(UnreadableBodyException.class, (req, res, e) -> send(res, e.problem()))
                .error(InvalidFieldsException.class, (req, res, e) -> send(res, invalid(e)))
                .error(KeyNotFoundException.class, (req, res, e) ->
                        send(res, Problem.of(Status.NOT_FOUND_404, "key-not-found", "Key not found", e.getMessage())))
                .error(SessionNotFoundException.class, (req, res, e) -> send(res,
                        Problem.of(Status.NOT_FOUND_404, "session-not-found", "Session not found", e.getMessage())))
                .error(KeySourceUnavailableException.class, (req, res, e) -> send(res,
                        Problem.of(Status.SERVICE_UNAVAILABLE_503, "key-source-unavailable", "Key source unavailable",
                                e.getMessage()).retryAfter(e.retryAfterS())))
                .error(InvalidRequestException.class, (req, res, e) -> send(res,
                        Problem.of(Status.UNPROCESSABLE_CONTENT_422, "invalid-request-error", "Invalid request",
                                e.getMessage())))
                .error(EvidenceRoutes.EvidenceOffException.class, (req, res, e) ->
                        send(res, Problem.of(Status.NOT_FOUND_404, "not-found-error", "Not found", e.getMessage())))
                .error(UnauthenticatedException.class, (req, res, e) -> {
                    res.header(HeaderNames.WWW_AUTHENTICATE, e.challenge());
                    send(res, Problem.of(Status.UNAUTHORIZED_401, "unauthenticated", "Unauthenticated",
                            e.getMessage()));
                })
                .error(AccessDeniedException.class, (req, res, e) ->
                        send(res, Problem.of(Status.FORBIDDEN_403, "access-denied", "Access denied", e.getMessage())))
                .error(GuardDeniedException.class, (req, res, e) -> guardDenied(res, e))
                .error(RateLimitedException.class, (req, res, e) -> send(res, Problem.of(Status.TOO_MANY_REQUESTS_429,
                        "rate-limited", "Rate limited", e.getMessage()).retryAfter(e.retryAfterS())))
                .error(RateLimiterUnavailableException.class, (req, res, e) -> send(res,
                        Problem.of(Status.SERVICE_UNAVAILABLE_503, "rate-limiter-unavailable", "Rate limiter unavailable",
                                e.getMessage()).retryAfter(e.retryAfterS())))
                .error(StoreUnavailableException.class, (req, res, e) -> storeFailed(res, "store-unavailable",
                        "Store unavailable", e))
                .error(StoreConflictException.class, (req, res, e) -> storeFailed(res, "store-error", "Store error", e))
                .error(RuntimeException.class, (req, res, e) -> {
                    LOG.log(System.Logger.Level.ERROR, "unhandled " + e.getClass().getName() + " on "
                            + req.prologue().method().text() + " " + req.path().path(), e);
                    send(res, Problem.plain(Status.INTERNAL_SERVER_ERROR_500, "The server failed; this is a bug."));
                });
    }

    /**
     * Answers for what Helidon refuses before any route runs (a malformed or over-long request
     * line or header, an unsupported HTTP version): the same problem+json as every other error,
     * with a detail of our own; Helidon's message is not echoed (it may quote the request).
     */
    public static DirectHandlers directHandlers() {
        DirectHandlers.Builder handlers = DirectHandlers.builder();
        for (DirectHandler.EventType event : DirectHandler.EventType.values()) {
            handlers.addHandler(event, (request, type, status, headers, message) -> {
                Problem problem = Problem.plain(status, status.code() != 500 ? directDetail(status)
                        : "The server failed; this is a bug.");
                headers.set(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
                return DirectHandler.TransportResponse.builder().status(status).headers(headers)
                        .entity(Json.write(problem.body())).keepAlive(type.keepAlive()).build();
            });
        }
        return handlers.build();
    }

    private static String directDetail(Status status) {
        return switch (status.code()) {
            case 414 -> "The request line is longer than LIGHTVIBES accepts; its paths and queries are short.";
            case 431 -> "The request headers are larger than LIGHTVIBES accepts.";
            case 413 -> "The request body is larger than 64 KiB; LIGHTVIBES requests are small JSON objects.";
            case 505 -> "LIGHTVIBES speaks HTTP/1.1 and HTTP/2.";
            default -> "The request could not be read as HTTP: " + status.reasonPhrase() + ".";
        };
    }

    private static Problem invalid(InvalidFieldsException e) {
        return new Problem(Status.UNPROCESSABLE_CONTENT_422, Optional.of("invalid-request"), "Invalid request",
                e.getMessage(), Optional.of(List.copyOf(e.errors())), Optional.empty());
    }

    /** 403 guard-denied; the extension member {@code policy} names the deciding policy (null: none permits). */
    private static void guardDenied(ServerResponse res, GuardDeniedException e) {
        Problem problem = Problem.of(Status.FORBIDDEN_403, "guard-denied", "Denied by policy", e.getMessage());
        Map<String, Object> body = problem.body();
        body.put("policy", e.policyId().orElse(null));
        res.status(problem.status());
        res.header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        res.send(Json.write(body));
    }

    private static void storeFailed(ServerResponse res, String kind, String title, RuntimeException e) {
        // Unavailable or refusing writes (e.g. the evidence log): nothing was committed, the request itself was
        // fine, and the answer is to retry (fail-closed). The store's message stays in the log.
        LOG.log(System.Logger.Level.ERROR, "store failed: {0}", e.getMessage());
        send(res, Problem.of(Status.SERVICE_UNAVAILABLE_503, kind, title,
                "The key store could not complete this operation; nothing was changed. Retry shortly.")
                .retryAfter(STORE_RETRY_AFTER_S));
    }

    /** Writes {@code problem} as the whole answer. */
    static void send(ServerResponse res, Problem problem) {
        res.status(problem.status());
        res.header(HeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE);
        problem.retryAfterS().ifPresent(seconds -> res.header(HeaderNames.RETRY_AFTER, Integer.toString(seconds)));
        res.send(Json.write(problem.body()));
    }
}
