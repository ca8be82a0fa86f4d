package io.lightvibes.service.store;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The versions of the migrations the store ships, read from its classpath (so tests follow new ones). */
final class MigrationFiles {

    private static final Pattern VERSIONED = Pattern.compile("V([0-9]+)__.*\\.sql");

    private MigrationFiles() {
    }

    /** Every migration version, ascending, e.g. {@code ["1", "2", "3"]}; both dialects ship the same list. */
    static List<String> versions() {
        List<String> sqlite = versions("sqlite");
        if (!sqlite.equals(versions("postgresql"))) {
            throw new AssertionError("the SQLite and PostgreSQL migrations differ in versions");
        }
        return sqlite;
    }

    /** The versions after {@code baseline}, with {@code baseline} first (a baselined database's history). */
    static List<String> fromBaseline(String baseline) {
        return Stream.concat(Stream.of(baseline),
                versions().stream().filter(v -> Integer.parseInt(v) > Integer.parseInt(baseline))).toList();
    }

    private static List<String> versions(String folder) {
        try {
            Path directory = Path.of(MigrationFiles.class.getResource("/db/migration/" + folder).toURI());
            try (Stream<Path> files = Files.list(directory)) {
                return files.map(file -> VERSIONED.matcher(file.getFileName().toString()))
                        .filter(Matcher::matches)
                        .map(match -> match.group(1))
                        .sorted(Comparator.comparingInt(Integer::parseInt))
                        .toList();
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the " + folder + " migrations", e);
        }
    }
}
