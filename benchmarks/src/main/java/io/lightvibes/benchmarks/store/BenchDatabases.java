package io.lightvibes.benchmarks.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where the store benchmarks keep their databases: SQLite files under
 * {@code -Dlightvibes.bench.dir} (default {@code benchmarks/target/store-bench}, a real disk, so
 * fsync costs what it costs), PostgreSQL at {@code LIGHTVIBES_TEST_POSTGRES_URL}.
 */
final class BenchDatabases {

    private BenchDatabases() {
    }

    static Path directory() {
        return Path.of(System.getProperty("lightvibes.bench.dir", "benchmarks/target/store-bench")).toAbsolutePath();
    }

    /** A fresh, empty SQLite URL named {@code name} (any earlier file of that name is removed). */
    static String freshSqlite(String name) {
        Path file = directory().resolve(name + ".db");
        try {
            Files.createDirectories(file.getParent());
            for (String suffix : new String[] {"", "-wal", "-shm", ".migration-lock"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "jdbc:sqlite:" + file;
    }

    /** The SQLite URL of a kept database named {@code name}. */
    static String keptSqlite(String name) {
        return "jdbc:sqlite:" + directory().resolve(name + ".db");
    }

    /** PostgreSQL in its own schema {@code schema}; fails with a clear message when not configured. */
    static String postgres(String schema) {
        String url = System.getenv("LIGHTVIBES_TEST_POSTGRES_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("database=postgresql needs LIGHTVIBES_TEST_POSTGRES_URL, e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        }
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Removes a directory tree the benchmarks made. */
    static void delete(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
