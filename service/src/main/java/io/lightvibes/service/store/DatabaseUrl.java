package io.lightvibes.service.store;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a store's database lives, parsed from the {@code LIGHTVIBES_DATABASE_URL} form: a SQLite
 * file ({@code jdbc:sqlite:PATH}) or a PostgreSQL database ({@code jdbc:postgresql://...}).
 * Anything else is a {@link StoreConfigException} whose message never echoes a password.
 */
sealed interface DatabaseUrl {

    String HINT = "use jdbc:sqlite:/path/to/lightvibes.db (embedded) or "
            + "jdbc:postgresql://host:5432/dbname?user=NAME&password=SECRET";

    /** The URL fit for logs and messages: any password masked. */
    String masked();

    /** The URL handed to the driver. */
    String jdbcUrl();

    /** Removes the password, should a driver message ever repeat it. */
    default String scrub(String message) {
        return message;
    }

    /**
     * A SQLite database file.
     *
     * @param path the absolute path of the file
     */
    record SqliteFile(Path path) implements DatabaseUrl {
        @Override
        public String masked() {
            return jdbcUrl();
        }

        @Override
        public String jdbcUrl() {
            return "jdbc:sqlite:" + path;
        }
    }

    /**
     * A PostgreSQL database.
     *
     * @param jdbcUrl as given
     * @param masked with the password masked
     * @param password the decoded password, if any (only to scrub messages)
     * @param schema the {@code currentSchema} the tables live in, created by {@code open()}
     */
    record Postgres(String jdbcUrl, String masked, Optional<String> password, Optional<String> schema)
            implements DatabaseUrl {
        @Override
        public String scrub(String message) {
            return password.filter(secret -> !secret.isEmpty())
                    .map(secret -> message.replace(secret, "***"))
                    .orElse(message);
        }

        @Override
        public String toString() {
            return "Postgres[" + masked + "]";
        }
    }

    /** Parses {@code url}; a {@link StoreConfigException} saying what to use otherwise. */
    static DatabaseUrl parse(String url) {
        String text = url.strip();
        if (text.startsWith("jdbc:sqlite:")) {
            return sqlite(text.substring("jdbc:sqlite:".length()));
        }
        if (text.startsWith("jdbc:postgresql:")) {
            return postgres(text);
        }
        Matcher scheme = SCHEME.matcher(text);
        if (scheme.lookingAt()) {
            throw new StoreConfigException(String.format(Locale.ROOT,
                    "Unsupported store URL scheme '%s'; %s.", scheme.group(1), HINT));
        }
        // The text may hold a password, so none of it is echoed back.
        throw new StoreConfigException("The store URL cannot be parsed; " + HINT + ".");
    }

    private static SqliteFile sqlite(String location) {
        if (location.isBlank() || location.equals(":memory:") || location.contains("mode=memory")) {
            throw new StoreConfigException("The SQLite store needs a file path (an in-memory database "
                    + "would vanish between connections); " + HINT + ".");
        }
        if (location.startsWith("file:") || location.startsWith(":") || location.contains("?")) {
            // URI forms and ?pragma=... parameters would override the store's own settings.
            throw new StoreConfigException("The SQLite store takes a plain file path, without file: URIs "
                    + "or ?parameters; " + HINT + ".");
        }
        try {
            return new SqliteFile(Path.of(location).toAbsolutePath().normalize());
        } catch (java.nio.file.InvalidPathException e) {
            throw new StoreConfigException("The SQLite store path is not a valid file path; " + HINT + ".", e);
        }
    }

    private static Postgres postgres(String url) {
        if (url.startsWith("jdbc:postgresql://") && authority(url).contains("@")) {
            throw new StoreConfigException("The PostgreSQL URL cannot carry user:password@ before the host; "
                    + "pass them as ?user=NAME&password=SECRET; " + HINT + ".");
        }
        Properties parsed = org.postgresql.Driver.parseURL(url, null);
        if (parsed == null) {
            throw new StoreConfigException("The store URL cannot be parsed; " + HINT + ".");
        }
        Optional<String> schema = Optional.ofNullable(parsed.getProperty("currentSchema"));
        schema.ifPresent(DatabaseUrl::requirePlainSchema);
        String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
        return new Postgres(url, masked, Optional.ofNullable(parsed.getProperty("password")), schema);
    }

    private static String authority(String url) {
        String rest = url.substring("jdbc:postgresql://".length());
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = rest.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return rest.substring(0, end);
    }

    private static void requirePlainSchema(String schema) {
        if (!PLAIN_SCHEMA.matcher(schema).matches()) {
            throw new StoreConfigException("Invalid PostgreSQL schema name in currentSchema: use one name "
                    + "of lowercase letters, digits and underscores, starting with a letter or underscore "
                    + "(at most 63).");
        }
    }

    Pattern SCHEME = Pattern.compile("(jdbc:[a-z0-9+.-]{1,32}):");
    Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&]password=)[^&]*");
    Pattern PLAIN_SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
}
