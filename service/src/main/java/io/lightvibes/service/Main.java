package io.lightvibes.service;

import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;
import io.helidon.openapi.OpenApiFeature;
import io.lightvibes.service.http.AdminRoutes;
import io.lightvibes.service.http.BenchTwinRoutes;
import io.lightvibes.service.etsi.EtsiKeyService;
import io.lightvibes.service.http.DashboardRoutes;
import io.lightvibes.service.http.EtsiRoutes;
import io.lightvibes.service.http.EvidenceRoutes;
import io.lightvibes.service.http.HealthRoutes;
import io.lightvibes.service.http.HealthStreamRoutes;
import io.lightvibes.service.http.KeyRoutes;
import io.lightvibes.service.http.ProblemMapper;
import io.lightvibes.service.http.ServiceMetrics;
import io.lightvibes.service.http.SessionRoutes;
import io.lightvibes.service.guard.Guard;
import io.lightvibes.service.identity.Authenticator;
import io.lightvibes.service.identity.Callers;
import io.lightvibes.service.keys.EvidenceLog;
import io.lightvibes.service.keys.KeyService;
import io.lightvibes.service.link.LinkControl;
import java.util.Objects;
import java.util.Optional;

/** Wires the parts of a running service into a {@link WebServer}; nothing else. */
public final class Main {

    private Main() {
    }

    /**
     * What the routes serve.
     *
     * @param keys the key service
     * @param link the running link's drills and driver
     * @param evidence the evidence log, empty when it is turned off
     * @param metrics the service's meters
     * @param benchTwins also serve the bare twin routes under {@code /bench} (load figures only)
     * @param authenticator decides who each request comes from
     * @param guard decides whether it may do what it asks, and meters each peer
     * @param etsi the ETSI GS QKD 014 API at {@code /api/v1/keys}, when it is served
     */
    public record Parts(KeyService keys, LinkControl link, Optional<EvidenceLog> evidence, ServiceMetrics metrics,
            boolean benchTwins, Authenticator authenticator, Guard guard, Optional<EtsiKeyService> etsi) {

        /** Parts without the ETSI GS QKD 014 API. */
        public Parts(KeyService keys, LinkControl link, Optional<EvidenceLog> evidence, ServiceMetrics metrics,
                boolean benchTwins, Authenticator authenticator, Guard guard) {
            this(keys, link, evidence, metrics, benchTwins, authenticator, guard, Optional.empty());
        }

        public Parts {
            Objects.requireNonNull(etsi, "etsi");
            Objects.requireNonNull(authenticator, "authenticator");
            Objects.requireNonNull(guard, "guard");
            Objects.requireNonNull(keys, "keys");
            Objects.requireNonNull(link, "link");
            Objects.requireNonNull(evidence, "evidence");
            Objects.requireNonNull(metrics, "metrics");
        }
    }

    /** Starts the server on {@code host:port} (0: any free port) and returns it running. */
    public static WebServer start(Parts parts, String host, int port) {
        return start(parts, host, port, Optional.empty());
    }

    /**
     * Starts the server on {@code host:port}, speaking HTTPS with {@code tls} when given (which may
     * require client certificates), and returns it running.
     */
    public static WebServer start(Parts parts, String host, int port, Optional<Tls> tls) {
        var server = WebServer.builder().host(host).port(port);
        tls.ifPresent(server::tls);
        configure(server, parts);
        return server.build().start();
    }

    /** The features and routes of the server; the real-socket tests configure theirs with it. */
    public static void configure(WebServerConfig.Builder server, Parts parts) {
        server.featuresDiscoverServices(false)
                .directHandlers(ProblemMapper.directHandlers())
                .addFeature(ObserveFeature.just(HealthObserver.create(), MetricsObserver.create()))
                .addFeature(OpenApiFeature.builder().staticFile("META-INF/openapi.yaml").build())
                .routing(routing -> routing(routing, parts));
    }

    /** The routes both the server and the routing tests mount. */
    public static void routing(HttpRouting.Builder routing, Parts parts) {
        ProblemMapper.register(routing);
        routing.addFilter(parts.metrics().requestTimer());
        routing.addFilter(Callers.filter(parts.authenticator()));
        routing.addFilter(parts.guard().rateLimitFilter());
        routing.register("/lightvibes", new SessionRoutes(parts.keys(), parts.metrics(), parts.guard()))
                .register("/lightvibes", new KeyRoutes(parts.keys(), parts.metrics(), parts.guard()))
                .register("/lightvibes/evidence", new EvidenceRoutes(parts.evidence(), parts.guard()))
                .register("/lightvibes/admin", new AdminRoutes(parts.link(), parts.guard()))
                .register(new HealthRoutes(parts.keys(), parts.link()))
                .register(new HealthStreamRoutes(parts.keys(), parts.link()))
                .register(new DashboardRoutes());
        parts.etsi().ifPresent(etsi -> routing.register("/api/v1/keys", new EtsiRoutes(etsi)));
        parts.metrics().observe(parts.keys(), parts.link(), parts.evidence());
        if (parts.benchTwins()) {
            routing.register("/bench", new BenchTwinRoutes());
        }
    }
}
