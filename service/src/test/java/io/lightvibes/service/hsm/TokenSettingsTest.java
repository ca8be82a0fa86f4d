package io.lightvibes.service.hsm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.config.SecretText;
import io.lightvibes.service.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings that cannot open a token stop start-up with one line naming the setting (no token needed). */
class TokenSettingsTest {

    private static final String PIN = "pin-that-must-not-show-4711";

    @TempDir
    Path dir;

    private static Settings.Hsm settings(Optional<Path> module, Optional<SecretText> pin, Optional<Path> pinFile) {
        return new Settings.Hsm(KeyBackend.PKCS11, module, "lightvibes", pin, pinFile);
    }

    @Test
    void aMissingModuleIsNamed() {
        Path missing = dir.resolve("libnothing.so");
        assertThatThrownBy(() -> Pkcs11Token.open(settings(Optional.of(missing), Optional.of(new SecretText(PIN)),
                Optional.empty()))).isInstanceOf(ConfigException.class)
                .hasMessage("LIGHTVIBES_PKCS11_MODULE: " + missing + " does not exist (SoftHSM2's module is "
                        + "/usr/lib/softhsm/libsofthsm2.so, Debian package softhsm2)");
        assertThatThrownBy(() -> Pkcs11Token.open(settings(Optional.empty(), Optional.of(new SecretText(PIN)),
                Optional.empty()))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LIGHTVIBES_PKCS11_MODULE: required with LIGHTVIBES_KEY_BACKEND=pkcs11");
    }

    @Test
    void aFileThatIsNoSharedLibraryIsNamed() throws Exception {
        Path notALibrary = Files.writeString(dir.resolve("module.so"), "not ELF");
        assertThatThrownBy(() -> Pkcs11Token.open(settings(Optional.of(notALibrary), Optional.of(new SecretText(PIN)),
                Optional.empty()))).isInstanceOf(ConfigException.class)
                .hasMessage("LIGHTVIBES_PKCS11_MODULE: " + notALibrary + " is not a shared library");
    }

    @Test
    void aSharedLibraryThatIsNoPkcs11ModuleIsNamed() {
        Path libjava = Path.of(System.getProperty("java.home"), "lib", "libjava.so");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(libjava), "needs the JDK's lib/libjava.so (Linux)");
        assertThatThrownBy(() -> Pkcs11Token.open(settings(Optional.of(libjava), Optional.of(new SecretText(PIN)),
                Optional.empty()))).isInstanceOf(ConfigException.class)
                .hasMessage("LIGHTVIBES_PKCS11_MODULE: " + libjava + " is not a PKCS#11 module (it has no C_GetFunctionList)");
    }

    @Test
    void thePinComesFromExactlyOnePlace() throws Exception {
        Path module = Files.writeString(dir.resolve("module.so"), "not ELF");
        Path pinFile = Files.writeString(dir.resolve("pin"), PIN + "\n");
        assertThatThrownBy(() -> Pkcs11Token.open(settings(Optional.of(module), Optional.empty(), Optional.empty())))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LIGHTVIBES_PKCS11_PIN_FILE");
        assertThatThrownBy(() -> Pkcs11Token.open(settings(Optional.of(module), Optional.of(new SecretText(PIN)),
                Optional.of(pinFile)))).isInstanceOf(ConfigException.class)
                .hasMessage("LIGHTVIBES_PKCS11_PIN and LIGHTVIBES_PKCS11_PIN_FILE are both set: set one");
        Path missing = dir.resolve("no-pin");
        assertThatThrownBy(() -> Pkcs11Token.open(settings(Optional.of(module), Optional.empty(), Optional.of(missing))))
                .hasMessage("LIGHTVIBES_PKCS11_PIN_FILE: " + missing + " does not exist");
        Path empty = Files.writeString(dir.resolve("empty"), "\nsecond\n");
        assertThatThrownBy(() -> Pkcs11Token.open(settings(Optional.of(module), Optional.empty(), Optional.of(empty))))
                .hasMessage("LIGHTVIBES_PKCS11_PIN_FILE: the first line of " + empty + " is empty");
    }

    @Test
    void theSettingsRecordNeverPrintsThePin() {
        org.assertj.core.api.Assertions.assertThat(settings(Optional.empty(), Optional.of(new SecretText(PIN)),
                Optional.empty()).toString()).doesNotContain(PIN);
    }
}
