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
