package io.lightvibes.service.config;

import io.lightvibes.sim.link.LinkOptions;
import io.lightvibes.sim.link.LinkSetting;
import io.lightvibes.sim.photonics.InvalidParametersException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@link Settings} from the environment, a {@code .env} file and the defaults, in that
 * order of precedence. Empty values count as unset. A bad value raises a {@link ConfigException}
 * whose one-line message starts with the variable's name.
 */
public final class SettingsLoader {

    private final Map<String, String> values;

    private SettingsLoader(Map<String, String> values) {
        this.values = values;
    }

    /** Settings of this process: its environment over {@code ./.env}. */
    public static Settings fromEnvironment() {
        return load(System.getenv(), Path.of(".env"));
    }

    /** Settings from {@code environment} over the {@code dotEnv} file (if it exists) over defaults. */
    public static Settings load(Map<String, String> environment, Path dotEnv) {
        Map<String, String> merged = new HashMap<>(readDotEnv(dotEnv));
        environment.forEach((name, value) -> {
            if (name.startsWith(Setting.PREFIX) && !value.isBlank()) {
                merged.put(name, value);
            }
        });
        return new SettingsLoader(merged).settings();
    }

    private Settings settings() {
        return new Settings(
                get(SettingsSchema.STATE_DIR),
                get(SettingsSchema.DATABASE_URL),
                get(SettingsSchema.SQLITE_SYNCHRONOUS),
                get(SettingsSchema.RECIPIENT_PUBLIC_KEY),
                get(SettingsSchema.QBER_THRESHOLD),
                get(SettingsSchema.DEFAULT_TTL_S),
                get(SettingsSchema.RETRY_AFTER_S),
                get(SettingsSchema.SWEEP_INTERVAL_S),
                get(SettingsSchema.HOST),
                get(SettingsSchema.PORT),
                get(SettingsSchema.LOG_LEVEL),
                new Settings.Evidence(get(SettingsSchema.EVIDENCE_ENABLED), get(SettingsSchema.EVIDENCE_ORIGIN),
                        get(SettingsSchema.EVIDENCE_CHECKPOINT_ENTRIES),
                        get(SettingsSchema.EVIDENCE_CHECKPOINT_INTERVAL_S)),
                get(SettingsSchema.DRIVER),
                get(SettingsSchema.NATIVE_LIBRARY),
                link(),
                get(SettingsSchema.REPLICA_MODE),
                get(SettingsSchema.BENCH_TWINS),
                new Settings.Security(get(SettingsSchema.AUTH), get(SettingsSchema.AUTH_NONE_ALLOW_REMOTE),
                        get(SettingsSchema.TLS_CERT), get(SettingsSchema.TLS_KEY), get(SettingsSchema.TLS_CLIENT_CA),
                        get(SettingsSchema.TRUSTED_PROXIES), get(SettingsSchema.CLIENT_CERT_HEADER)),
                new Settings.Guard(get(SettingsSchema.POLICY_DIR), get(SettingsSchema.RATE_LIMIT),
                        get(SettingsSchema.REDIS_URL)),
                new Settings.Hsm(get(SettingsSchema.KEY_BACKEND), get(SettingsSchema.PKCS11_MODULE),
                        get(SettingsSchema.PKCS11_TOKEN_LABEL), get(SettingsSchema.PKCS11_PIN),
                        get(SettingsSchema.PKCS11_PIN_FILE)));
    }

    /** The running link's options: every {@code LIGHTVIBES_LINK_*} variable, and the shared QBER threshold. */
    private LinkOptions link() {
        try {
            return LinkSetting.fromEnvironment(values);
        } catch (InvalidParametersException e) {
            // The link's messages start "LIGHTVIBES_LINK_X must ..."; say it as every other setting does.
            String message = e.getMessage().replaceFirst("^(LIGHTVIBES_[A-Z0-9_]+) (?=must|\\()", "$1: ");
            throw new ConfigException(message.replace('\n', ' '));
        }
    }

    private <T> T get(Setting<T> setting) {
        String given = values.get(setting.variable());
        boolean isSet = given != null && !given.isBlank();
        String text = isSet ? given.strip() : setting.defaultText();
        try {
            return setting.parser().parse(text);
        } catch (IllegalArgumentException e) {
            String shown = isSet ? " (got '" + printable(given.strip()) + "')" : "";
            if (setting == SettingsSchema.DATABASE_URL || setting == SettingsSchema.REDIS_URL
                    || setting == SettingsSchema.PKCS11_PIN) {
                shown = ""; // a URL may carry a password; a PIN is a secret
            }
            throw new ConfigException(setting.variable() + ": " + e.getMessage() + shown);
        }
    }

    private static String printable(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine;
    }

    /** {@code NAME=value} lines; {@code #} comments, {@code export} prefixes and quotes allowed. */
    static Map<String, String> readDotEnv(Path file) {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> found = new LinkedHashMap<>();
        for (String raw : text.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                continue;
            }
            String name = line.substring(0, equals).strip();
            String value = unquote(line.substring(equals + 1).strip());
            if (name.startsWith(Setting.PREFIX) && !value.isEmpty()) {
                found.put(name, value);
            }
        }
        return found;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        int comment = value.indexOf(" #");
        return comment >= 0 ? value.substring(0, comment).strip() : value;
    }
}
