package io.lightvibes.service.http;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import io.lightvibes.service.keys.Mode;
import java.util.EnumMap;
import java.util.Map;

/** The service's own meters in the Helidon registry ({@code /observe/metrics}, Prometheus text). */
public final class ServiceMetrics {

    private final Map<Mode, Counter> sessions = new EnumMap<>(Mode.class);
    private final Map<Mode, Counter> deliveries = new EnumMap<>(Mode.class);

    public ServiceMetrics(MeterRegistry registry) {
        for (Mode mode : Mode.values()) {
            sessions.put(mode, registry.getOrCreate(Counter.builder("lightvibes.sessions")
                    .description("Sessions opened, by the mode of their key")
                    .tags(java.util.List.of(io.helidon.metrics.api.Tag.create("mode", mode.name())))));
            deliveries.put(mode, registry.getOrCreate(Counter.builder("lightvibes.deliveries")
                    .description("Sealed keys delivered, by mode")
                    .tags(java.util.List.of(io.helidon.metrics.api.Tag.create("mode", mode.name())))));
        }
    }

    void sessionOpened(Mode mode) {
        sessions.get(mode).increment();
    }

    void keyDelivered(Mode mode) {
        deliveries.get(mode).increment();
    }
}
