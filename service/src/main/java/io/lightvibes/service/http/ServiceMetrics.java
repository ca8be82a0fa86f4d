package io.lightvibes.service.http;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.Filter;
import io.lightvibes.service.keys.Mode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The service's own meters in the Helidon registry ({@code /observe/metrics}, Prometheus text):
 * sessions and deliveries by mode, and request latency by route and status class.
 */
public final class ServiceMetrics {

    private final MeterRegistry registry;
    private final Map<Mode, Counter> sessions = new EnumMap<>(Mode.class);
    private final Map<Mode, Counter> deliveries = new EnumMap<>(Mode.class);
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();

    public ServiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Mode mode : Mode.values()) {
            sessions.put(mode, registry.getOrCreate(Counter.builder("lightvibes.sessions")
                    .description("Sessions opened, by the mode of their key")
                    .tags(List.of(Tag.create("mode", mode.name())))));
            deliveries.put(mode, registry.getOrCreate(Counter.builder("lightvibes.deliveries")
                    .description("Sealed keys delivered, by mode")
                    .tags(List.of(Tag.create("mode", mode.name())))));
        }
    }

    void sessionOpened(Mode mode) {
        sessions.get(mode).increment();
    }

    void keyDelivered(Mode mode) {
        deliveries.get(mode).increment();
    }

    /** A routing filter that times every request, tagged with a route group (not the raw path). */
    public Filter requestTimer() {
        return (chain, req, res) -> {
            long start = System.nanoTime();
            try {
                chain.proceed();
            } finally {
                String route = routeOf(req.prologue().method().text(), req.prologue().uriPath().path());
                String status = (res.status().code() / 100) + "xx";
                latency.computeIfAbsent(route + " " + status, key -> registry.getOrCreate(
                                Timer.builder("lightvibes.request.duration")
                                        .description("Request latency by route and status class")
                                        .tags(List.of(Tag.create("route", route), Tag.create("status", status)))
                                        .percentiles(0.5, 0.99)
                                        .publishPercentileHistogram(true)))
                        .record(Duration.ofNanos(System.nanoTime() - start));
            }
        };
    }

    /** A bounded set of labels: the route templates, never ids or key refs. */
    static String routeOf(String method, String path) {
        String template;
        if (path.equals("/lightvibes/session")) {
            template = path;
        } else if (path.startsWith("/lightvibes/session/")) {
            template = "/lightvibes/session/{session_id}";
        } else if (path.startsWith("/lightvibes/key/")) {
            template = "/lightvibes/key/{key_ref}";
        } else if (path.startsWith("/lightvibes/evidence/")) {
            template = "/lightvibes/evidence";
        } else if (path.startsWith("/lightvibes/") || path.startsWith("/bench/")
                || path.equals("/healthz") || path.equals("/readyz")) {
            template = path.startsWith("/bench/key/") ? "/bench/key/{key_ref}" : path;
        } else {
            template = "other";
        }
        if (template.length() > 64) {
            template = "other";
        }
        return method + " " + template;
    }
}
