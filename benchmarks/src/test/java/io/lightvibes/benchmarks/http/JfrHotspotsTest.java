package io.lightvibes.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.benchmarks.http.JfrHotspots.Owner;
import org.junit.jupiter.api.Test;

class JfrHotspotsTest {

    @Test
    void theStoresEvidenceClassesAreEvidenceAndTheRestIsStore() {
        assertThat(Owner.of("io.lightvibes.service.store.EvidenceTransactions")).isEqualTo(Owner.EVIDENCE);
        assertThat(Owner.of("io.lightvibes.service.store.CheckpointSigner")).isEqualTo(Owner.EVIDENCE);
        assertThat(Owner.of("io.lightvibes.service.store.KeyTransactions")).isEqualTo(Owner.STORE);
        assertThat(Owner.of("org.sqlite.core.NativeDB")).isEqualTo(Owner.STORE);
    }

    @Test
    void librariesAreCountedByTheirPackage() {
        assertThat(Owner.of("io.lightvibes.service.sealing.HpkeSealer")).isEqualTo(Owner.CRYPTO);
        assertThat(Owner.of("com.fasterxml.jackson.core.json.UTF8JsonGenerator")).isEqualTo(Owner.JSON);
        assertThat(Owner.of("io.helidon.http.HttpPrologue")).isEqualTo(Owner.HELIDON);
        assertThat(Owner.of("io.lightvibes.service.keys.KeyService")).isEqualTo(Owner.SERVICE);
        assertThat(Owner.of("org.slf4j.LoggerFactory")).isEqualTo(Owner.OTHER);
    }
}
