package io.lightvibes.service.hsm;

import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.config.Settings;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The token's user PIN from {@code LIGHTVIBES_PKCS11_PIN} or the first line of
 * {@code LIGHTVIBES_PKCS11_PIN_FILE}. Messages name the variable or the file, never the PIN.
 */
final class TokenPin {

    private TokenPin() {
    }

    /** The PIN as characters the caller zeroes after the login. */
    static char[] read(Settings.Hsm settings) {
        if (settings.pin().isPresent() && settings.pinFile().isPresent()) {
            throw new ConfigException("LIGHTVIBES_PKCS11_PIN and LIGHTVIBES_PKCS11_PIN_FILE are both set: set one");
        }
        if (settings.pin().isPresent()) {
            return settings.pin().get().reveal().toCharArray();
        }
        return settings.pinFile().map(TokenPin::firstLine).orElseThrow(() -> new ConfigException(
                "LIGHTVIBES_KEY_BACKEND=pkcs11 needs the token's user PIN: set LIGHTVIBES_PKCS11_PIN_FILE (a file "
                        + "whose first line is the PIN) or LIGHTVIBES_PKCS11_PIN"));
    }

    private static char[] firstLine(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("LIGHTVIBES_PKCS11_PIN_FILE: " + file + " does not exist");
        }
        String line;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            line = reader.readLine();
        } catch (IOException e) {
            throw new ConfigException("LIGHTVIBES_PKCS11_PIN_FILE: " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (line == null || line.isEmpty()) {
            throw new ConfigException("LIGHTVIBES_PKCS11_PIN_FILE: the first line of " + file + " is empty");
        }
        return line.toCharArray();
    }
}
