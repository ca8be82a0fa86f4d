package io.lightvibes.service.config;

import io.lightvibes.service.store.SqliteSynchronous;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    @TempDir
    Path dir;

    private Settings load(Map<String, String> env) {
        return SettingsLoader.load(env, dir.resolve(".env"));
    }

    @Test
    void defaultsAreThePrototypes() {
        Settings settings = load(Map.of());
        assertThat(settings.qberThreshold()).isEqualTo(0.08);
        assertThat(settings.defaultTtlS()).isEqualTo(120);
        assertThat(settings.retryAfterS()).isEqualTo(5);
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(8000);
        assertThat(settings.sqliteSynchronous()).isEqualTo(SqliteSynchronous.FULL);
        assertThat(settings.databaseUrl()).isEqualTo("jdbc:sqlite:.lightvibes/lightvibes.db");
        assertThat(settings.recipientPublicKeyPath()).isEqualTo(Path.of(".lightvibes/recipient.pub"));
        assertThat(settings.benchTwins()).isFalse();
    }

    @Test
    void theEnvironmentWinsOverDotEnvWhichWinsOverDefaults() throws IOException {
        Files.writeString(dir.resolve(".env"), """
                # a comment
                LIGHTVIBES_DEFAULT_TTL_S=30
                export LIGHTVIBES_QBER_THRESHOLD="0.05"
                LIGHTVIBES_STATE_DIR=/var/lib/lv
                OTHER=ignored
                """);
        Settings settings = load(Map.of("LIGHTVIBES_QBER_THRESHOLD", "0.06",
                "LIGHTVIBES_RECIPIENT_PUBLIC_KEY", "/keys/r.pub", "LIGHTVIBES_PORT", ""));
        assertThat(settings.defaultTtlS()).isEqualTo(30);
        assertThat(settings.qberThreshold()).isEqualTo(0.06);
        assertThat(settings.recipientPublicKeyPath()).isEqualTo(Path.of("/keys/r.pub"));
        assertThat(settings.port()).isEqualTo(8000);
        assertThat(settings.databaseUrl()).isEqualTo("jdbc:sqlite:/var/lib/lv/lightvibes.db");
    }

    @ParameterizedTest
    @CsvSource({
        "LIGHTVIBES_QBER_THRESHOLD, abc",
        "LIGHTVIBES_QBER_THRESHOLD, 0.7",
        "LIGHTVIBES_QBER_THRESHOLD, 0",
        "LIGHTVIBES_QBER_THRESHOLD, NaN",
        "LIGHTVIBES_DEFAULT_TTL_S, 0",
        "LIGHTVIBES_DEFAULT_TTL_S, 1.5",
        "LIGHTVIBES_DEFAULT_TTL_S, forever",
        "LIGHTVIBES_PORT, 70000",
        "LIGHTVIBES_DATABASE_URL, mysql://x",
        "LIGHTVIBES_DATABASE_URL, jdbc:sqlite::memory:",
        "LIGHTVIBES_LOG_LEVEL, loud",
        "LIGHTVIBES_SQLITE_SYNCHRONOUS, OFF",
        "LIGHTVIBES_BENCH_TWINS, maybe",
        "LIGHTVIBES_DRIVER, fpga",
        "LIGHTVIBES_EVIDENCE_ORIGIN, /no leading slash",
        "LIGHTVIBES_EVIDENCE_CHECKPOINT_ENTRIES, 0",
        "LIGHTVIBES_LINK_NU, 0.9",
        "LIGHTVIBES_LINK_EVE_FRACTION, 2",
        "LIGHTVIBES_LINK_MU, abc",
        "LIGHTVIBES_LINK_PULSES_PER_BLOCK, 1.5e8x",
        "LIGHTVIBES_LINK_ENABLED, perhaps",
    })
    void aBadValueIsOneLineNamingTheVariable(String variable, String value) {
        assertThatThrownBy(() -> load(Map.of(variable, value)))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    assertThat(e.getMessage()).startsWith(variable + ": ");
                    assertThat(e.getMessage()).doesNotContain("\n");
                });
    }

    @Test
    void linkSettingsKeepThePrototypesNamesAndDefaults() {
        Settings settings = load(Map.of("LIGHTVIBES_LINK_DISTANCE_KM", "50", "LIGHTVIBES_LINK_PULSES_PER_BLOCK", "1e9",
                "LIGHTVIBES_LINK_SEED", "7", "LIGHTVIBES_DRIVER", "java"));
        assertThat(settings.link().distanceKm()).isEqualTo(50.0);
        assertThat(settings.link().pulsesPerBlock()).isEqualTo(1_000_000_000L);
        assertThat(settings.link().seed()).hasValue(7);
        assertThat(settings.link().mu()).isEqualTo(0.5);
        assertThat(settings.link().enabled()).isTrue();
        assertThat(settings.driver()).isEqualTo(io.lightvibes.nativebridge.DriverMode.JAVA);
        assertThat(load(Map.of()).link().qberThreshold()).isEqualTo(0.08);
        assertThat(load(Map.of("LIGHTVIBES_QBER_THRESHOLD", "0.05")).link().qberThreshold()).isEqualTo(0.05);
    }

    @Test
    void aDatabaseUrlIsNeverEchoedBecauseItMayHoldAPassword() {
        assertThatThrownBy(() -> load(Map.of("LIGHTVIBES_DATABASE_URL", "mysql://u:s3cret@h/db")))
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void thePrototypesDatabaseUrlsStillWork() {
        assertThat(load(Map.of("LIGHTVIBES_DATABASE_URL", "sqlite+aiosqlite:///./state/lv.db")).databaseUrl())
                .isEqualTo("jdbc:sqlite:./state/lv.db");
        assertThat(load(Map.of("LIGHTVIBES_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"))
                .databaseUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        assertThat(load(Map.of("LIGHTVIBES_DATABASE_URL", "jdbc:postgresql://db:5432/lv?user=lv")).databaseUrl())
                .isEqualTo("jdbc:postgresql://db:5432/lv?user=lv");
    }
}
