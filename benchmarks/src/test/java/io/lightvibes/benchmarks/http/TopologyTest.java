package io.lightvibes.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopologyTest {

    @Test
    void spreadReplicasTakeOneCpuEach() {
        Topology topology = Topology.parse("postgres:2:spread");

        assertThat(topology.replicas()).isEqualTo(2);
        assertThat(topology.cpuOf(0)).isZero();
        assertThat(topology.cpuOf(1)).isEqualTo(1);
        assertThat(topology.label()).isEqualTo("PostgreSQL ×2 (CPU 0 and 1)");
    }

    @Test
    void sharedReplicasAllRunOnCpuZero() {
        Topology topology = Topology.parse("postgres:2");

        assertThat(topology.placement()).isEqualTo(Topology.Placement.SHARED);
        assertThat(topology.cpuOf(1)).isZero();
    }

    @Test
    void sqliteRunsOneProcess() {
        assertThatThrownBy(() -> Topology.parse("sqlite:2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SQLite runs one process");
    }
}
