package io.lightvibes.service.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lightvibes.service.config.SecretText;
import io.lightvibes.service.config.Settings;
import io.lightvibes.service.hsm.KeyBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The PKCS#11 token the tests may use: {@code .ci/run} makes a throw-away SoftHSM2 one
 * ({@code tools/softhsm-token}) and names it in {@code LIGHTVIBES_TEST_PKCS11_MODULE},
 * {@code ..._TOKEN_LABEL} and {@code ..._PIN}; without them, tests that need it skip.
 *
 * @param module the PKCS#11 library
 * @param label the token's label
 * @param pin its user PIN
 */
public record TestToken(Path module, String label, String pin) {

    public static final String MODULE_VARIABLE = "LIGHTVIBES_TEST_PKCS11_MODULE";
    public static final String LABEL_VARIABLE = "LIGHTVIBES_TEST_PKCS11_TOKEN_LABEL";
    public static final String PIN_VARIABLE = "LIGHTVIBES_TEST_PKCS11_PIN";

    /** The token the environment names; skips the test with a reason when it names none. */
    public static TestToken fromEnvironment() {
        String module = System.getenv(MODULE_VARIABLE);
        String label = System.getenv(LABEL_VARIABLE);
        String pin = System.getenv(PIN_VARIABLE);
        assumeTrue(module != null && !module.isBlank() && label != null && !label.isBlank() && pin != null
                && !pin.isBlank(), "PKCS#11 tests need " + MODULE_VARIABLE + ", " + LABEL_VARIABLE + " and "
                + PIN_VARIABLE + " (and SOFTHSM2_CONF for SoftHSM2): eval \"$(tools/softhsm-token DIR)\"");
        return new TestToken(Path.of(module), label, pin);
    }

    /** Settings for this token with the PIN given directly. */
    public Settings.Hsm settings() {
        return new Settings.Hsm(KeyBackend.PKCS11, Optional.of(module), label, Optional.of(new SecretText(pin)),
                Optional.empty());
    }

    /** Settings for this token with another PIN. */
    public Settings.Hsm withPin(String otherPin) {
        return new Settings.Hsm(KeyBackend.PKCS11, Optional.of(module), label, Optional.of(new SecretText(otherPin)),
                Optional.empty());
    }

    /** Settings for this token reading the PIN from {@code file}. */
    public Settings.Hsm withPinFile(Path file) {
        return new Settings.Hsm(KeyBackend.PKCS11, Optional.of(module), label, Optional.empty(), Optional.of(file));
    }

    /** The {@code LIGHTVIBES_*} variables that make {@code lightvibes serve} use this token. */
    public Map<String, String> serveEnvironment() {
        return Map.of("LIGHTVIBES_KEY_BACKEND", "pkcs11", "LIGHTVIBES_PKCS11_MODULE", module.toString(),
                "LIGHTVIBES_PKCS11_TOKEN_LABEL", label, "LIGHTVIBES_PKCS11_PIN", pin);
    }

    /** The ways a secret could show up in a file or a log: raw, hex (both cases), base64 and base64url. */
    public static List<byte[]> forms(byte[] secret) {
        String hex = HexFormat.of().formatHex(secret);
        return List.of(secret, hex.getBytes(StandardCharsets.US_ASCII),
                hex.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                Base64.getEncoder().withoutPadding().encode(secret),
                Base64.getUrlEncoder().withoutPadding().encode(secret));
    }

    @Override
    public String toString() {
        return "TestToken[" + module + ", " + label + ", PIN hidden]";
    }
}
