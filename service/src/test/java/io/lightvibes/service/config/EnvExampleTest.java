package io.lightvibes.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code .env.example} (and the seed's {@code LIGHTVIBES/.env.example}) stay equal to the code. */
class EnvExampleTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void envExampleListsEverySettingWithItsDefault() throws IOException {
        String committed = Files.readString(ROOT.resolve(".env.example"), StandardCharsets.UTF_8);
        assertThat(committed).as(".env.example is stale: run `make env-example`").isEqualTo(EnvExample.text());
        for (Setting<?> setting : SettingsSchema.all()) {
            assertThat(committed).contains("\n" + setting.variable() + "=" + setting.defaultText() + "\n");
        }
    }

    @Test
    void theSeedsPathIsTheSameFile() throws IOException {
        Path seedCopy = ROOT.resolve("LIGHTVIBES/.env.example");
        assertThat(Files.isSymbolicLink(seedCopy)).isTrue();
        assertThat(Files.readString(seedCopy)).isEqualTo(Files.readString(ROOT.resolve(".env.example")));
    }

    @Test
    void everyDefaultParses() {
        for (Setting<?> setting : SettingsSchema.all()) {
            setting.parser().parse(setting.defaultText());
        }
    }
}
