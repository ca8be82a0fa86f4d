package io.lightvibes.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    @Test
    void routeLabelsAreTemplatesNeverIdsOrKeyRefs() {
        assertThat(ServiceMetrics.routeOf("GET", "/lightvibes/key/" + "A".repeat(32)))
                .isEqualTo("GET /lightvibes/key/{key_ref}");
        assertThat(ServiceMetrics.routeOf("DELETE", "/lightvibes/session/3f0c7a52-5d5e-4d1e-9b0a-6c1f1f3d2a11"))
                .isEqualTo("DELETE /lightvibes/session/{session_id}");
        assertThat(ServiceMetrics.routeOf("POST", "/lightvibes/session")).isEqualTo("POST /lightvibes/session");
        assertThat(ServiceMetrics.routeOf("GET", "/wp-admin/" + "x".repeat(500))).isEqualTo("GET other");
        assertThat(ServiceMetrics.routeOf("GET", "/lightvibes/" + "x".repeat(100))).isEqualTo("GET other");
    }
}
