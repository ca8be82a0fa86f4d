package io.lightvibes.service.http;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;
import io.helidon.metrics.api.Timer;
import io.helidon.webserver.http.Filter;
import io.lightvibes.service.keys.EvidenceLog;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.keys.Mode;
import io.lightvibes.service.link.LinkControl;
import io.lightvibes.sim.link.LinkState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The service's own meters in the Helidon registry ({@code /observe/metrics}, Prometheus text):
 * sessions and deliveries by mode, denials by reason, request latency by route and status class
 * (with histogram buckets), and gauges read at each scrape: the mode a new session would get, the
 * link's state, QBER and its threshold, secret key rate and pool, the driver and the evidence log's
 * size.
 */
public final class ServiceMetrics {

    private final MeterRegistry registry;
    private final Map<Mode, Counter> sessions = new EnumMap<>(Mode.class);
    private final Map<Mode, Counter> deliveries = new EnumMap<>(Mode.class);
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Map<String, Counter> denials = new ConcurrentHashMap<>();
    /** A reason label: a short lower-case word, from a bounded set (the guard's own names). */
    private static final Pattern REASON = Pattern.compile("[a-z0-9_.-]{1,40}");
    private static final int MAX_REASONS = 32;

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

    /**
     * Counts a refused request by why (e.g. {@code unauthenticated}, {@code forbidden},
     * {@code rate_limited}); an unexpected or unbounded reason is counted as {@code other}.
     */
    public void denied(String reason) {
        String label = REASON.matcher(reason).matches() && (denials.containsKey(reason) || denials.size() < MAX_REASONS)
                ? reason : "other";
        denials.computeIfAbsent(label, key -> registry.getOrCreate(Counter.builder("lightvibes.denials")
                .description("Requests refused, by reason")
                .tags(List.of(Tag.create("reason", key))))).increment();
    }

    /**
     * Registers the gauges that read the running service at each scrape, replacing any a previous
     * routing registered (tests mount several services on one registry).
     */
    public void observe(KeyService keys, LinkControl link, Optional<EvidenceLog> evidence) {
        for (var meter : registry.meters(meter -> meter instanceof Gauge && meter.id().name().startsWith("lightvibes."))) {
            registry.remove(meter);
        }
        for (Mode mode : Mode.values()) {
            gauge("lightvibes.mode", "1 for the mode a new session with the default policy would get now",
                    List.of(Tag.create("mode", mode.name())), () -> keys.health().mode() == mode ? 1 : 0);
        }
        for (LinkState state : LinkState.values()) {
            gauge("lightvibes.link.state", "1 for the state the link is in",
                    List.of(Tag.create("state", state.wireName())), () -> keys.health().link().state() == state ? 1 : 0);
        }
        gauge("lightvibes.link.qber", "QBER of the link's last block (NaN before one)", List.of(),
                () -> keys.health().link().qber().orElse(Double.NaN));
        gauge("lightvibes.link.qber.threshold", "QBER above which sessions fall back to PQC", List.of(),
                () -> keys.health().qberThreshold());
        gauge("lightvibes.link.secret.key.rate", "Secret key bits per second the link produces", List.of(),
                () -> keys.health().link().rateBps());
        gauge("lightvibes.link.pool.bits", "Key bits waiting in the link's pool", List.of(),
                () -> keys.health().link().poolBits());
        gauge("lightvibes.link.blocks", "Blocks the link has distilled since start", List.of(),
                () -> keys.health().link().blocks());
        gauge("lightvibes.link.leader", "1 while this process runs the link (of its replicas, exactly one does)",
                List.of(), () -> link.runsHere() ? 1 : 0);
        gauge("lightvibes.driver", "1 for the driver running the kernels and photonics", List.of(
                Tag.create("driver", link.driver())), () -> 1);
        evidence.ifPresent(log -> gauge("lightvibes.evidence.entries", "Entries in the evidence log (NaN while the "
                + "store does not answer)", List.of(), () -> evidenceSize(log)));
    }

    private static double evidenceSize(EvidenceLog log) {
        try {
            return log.size();
        } catch (RuntimeException e) { // a store outage must not break the whole scrape
            return Double.NaN;
        }
    }

    private void gauge(String name, String description, List<Tag> tags, Supplier<? extends Number> value) {
        registry.getOrCreate(Gauge.builder(name, () -> value.get().doubleValue()).description(description).tags(tags));
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
        } else if (path.equals("/")) {
            template = path;
        } else if (path.startsWith("/web/")) {
            template = "/web/{file}";
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
