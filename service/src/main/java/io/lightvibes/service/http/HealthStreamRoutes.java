package io.lightvibes.service.http;

import io.helidon.http.sse.SseEvent;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.sse.SseSink;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.keys.ServiceHealth;
import io.lightvibes.service.link.HealthFeed;
import io.lightvibes.service.link.LinkControl;
import io.lightvibes.sim.link.LinkHealth;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The link's health as Server-Sent Events ({@code GET /lightvibes/health/stream}): an
 * {@code event: health} at connect with the health now, then one per block the link distils (and
 * one after an operator's restore), each {@code data:} line the JSON of {@code /lightvibes/health}.
 * A comment line every {@link #KEEP_ALIVE} keeps proxies from closing a quiet stream and finds
 * clients that left. A subscriber too slow to keep up gets an {@code event: fell-behind} and is
 * disconnected (see {@link HealthFeed}); browsers' {@code EventSource} then reconnects by itself.
 * {@code ?limit=N} ends the stream after N health events (a script's snapshot: {@code limit=1}).
 * Without a running link (turned off) the stream is the connect event alone.
 */
public final class HealthStreamRoutes implements HttpService {

    /** How long a stream may stay silent before a keep-alive comment goes out. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final KeyService service;
    private final LinkControl link;

    public HealthStreamRoutes(KeyService service, LinkControl link) {
        this.service = Objects.requireNonNull(service, "service");
        this.link = Objects.requireNonNull(link, "link");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/lightvibes/health/stream", this::stream)
                .any("/lightvibes/health/stream", MethodNotAllowed.allowing("GET"));
    }

    /** {@code curl -sN 127.0.0.1:8000/lightvibes/health/stream}; {@code ?limit=3} stops after three events. */
    private void stream(ServerRequest req, ServerResponse res) {
        long limit = QueryParameters.optional(req.query(), "limit", 1, Long.MAX_VALUE);
        Optional<HealthFeed> feed = link.feed();
        if (feed.isEmpty()) { // no running link: the health now is all there will be
            try (SseSink sink = res.sink(SseSink.TYPE)) {
                sink.emit(health(service.health()));
            }
            return;
        }
        // Subscribe before reading the first health, so no block falls between the two; the
        // subscription closes before the sink, so a client that saw the end sees it gone.
        try (SseSink sink = res.sink(SseSink.TYPE); HealthFeed.Subscription blocks = feed.get().subscribe()) {
            sink.emit(health(service.health()));
            follow(blocks, sink, limit - 1);
        } // a subscriber that left: a write throws Helidon's CloseConnectionException, the subscription
          // closes on the way out and Helidon drops the connection
    }

    private void follow(HealthFeed.Subscription blocks, SseSink sink, long events) {
        try {
            for (long left = events; left > 0; ) {
                Optional<LinkHealth> block = blocks.next(KEEP_ALIVE);
                if (block.isPresent()) {
                    left--;
                    ServiceHealth now = service.health();
                    sink.emit(health(new ServiceHealth(now.mode(), block.get(), now.qberThreshold())));
                } else {
                    sink.emit(SseEvent.builder().comment("keep-alive").build());
                }
            }
        } catch (HealthFeed.FellBehindException e) {
            sink.emit(SseEvent.builder().name("fell-behind").data(e.getMessage()).build());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the server is stopping
        }
    }

    private SseEvent health(ServiceHealth health) {
        return SseEvent.builder().name("health").data(json(health)).build();
    }

    private String json(ServiceHealth health) {
        return new String(Json.write(Views.serviceHealth(health, link)), StandardCharsets.UTF_8);
    }
}
