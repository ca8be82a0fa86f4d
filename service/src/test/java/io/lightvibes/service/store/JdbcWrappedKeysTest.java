package io.lightvibes.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.service.store.TestDatabases.Database;
import io.lightvibes.service.store.TestDatabases.Engine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The wrapped_keys table on both databases: the first blob stored under a name stays, racing starts agree. */
class JdbcWrappedKeysTest {

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123456Z");

    private Database migrated(Engine engine) {
        Database database = databases.create(engine);
        databases.newStore(database).open();
        return database;
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theFirstBlobStoredUnderANameStays(Engine engine) {
        Database database = migrated(engine);
        try (var keys = JdbcWrappedKeys.open(database.url(), StoreOptions.DEFAULTS)) {
            assertThat(keys.find("evidence.signing")).isEmpty();
            var first = new WrappedKeyRecord("evidence.signing", new byte[] {1, 2, 3}, "memory", CREATED);
            var second = new WrappedKeyRecord("evidence.signing", new byte[] {4, 5, 6}, "other", CREATED.plusSeconds(1));
            assertThat(keys.putIfAbsent(first).wrapped()).containsExactly(1, 2, 3);
            WrappedKeyRecord kept = keys.putIfAbsent(second);
            assertThat(kept.wrapped()).containsExactly(1, 2, 3);
            assertThat(kept.wrappedBy()).isEqualTo("memory");
            assertThat(kept.createdAt()).isEqualTo(CREATED);
            assertThat(keys.find("evidence.signing").orElseThrow().wrapped()).containsExactly(1, 2, 3);
            assertThat(keys.find("other.name")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void racingStartsAllGetTheOneStoredBlob(Engine engine) throws Exception {
        Database database = migrated(engine);
        List<Callable<byte[]>> starts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            byte[] own = {(byte) i};
            starts.add(() -> {
                try (var keys = JdbcWrappedKeys.open(database.url(), StoreOptions.DEFAULTS)) {
                    return keys.putIfAbsent(new WrappedKeyRecord("evidence.signing", own, "start", CREATED)).wrapped();
                }
            });
        }
        List<byte[]> winners = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<byte[]> start : pool.invokeAll(starts)) {
                winners.add(start.get());
            }
        }
        assertThat(winners).allSatisfy(blob -> assertThat(blob).isEqualTo(winners.getFirst()));
    }

    @Test
    void aRecordPrintsNoBytesAndKeepsItsOwnCopy() {
        var record = new WrappedKeyRecord("evidence.signing", new byte[] {42, 43}, "memory", CREATED);
        assertThat(record.toString()).contains("2 bytes").doesNotContain("42");
        byte[] copy = record.wrapped();
        copy[0] = 0;
        assertThat(record.wrapped()[0]).isEqualTo((byte) 42);
    }
}
