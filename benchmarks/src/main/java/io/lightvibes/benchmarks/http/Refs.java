package io.lightvibes.benchmarks.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The key_refs issued through each replica during one round, one file per replica (each wrk process
 * appends to its own). Replica i fetches the refs issued through replica i + 1, so with several
 * replicas every retrieval crosses to a key another process stored.
 *
 * @param files one per replica
 */
record Refs(List<Path> files) {

    Refs {
        files = List.copyOf(files);
    }

    static Refs create(Path directory, String tag, int replicas) throws IOException {
        List<Path> files = new ArrayList<>();
        for (int replica = 0; replica < replicas; replica++) {
            Path file = directory.resolve("refs-" + tag + "-" + replica + ".txt");
            Files.deleteIfExists(file);
            files.add(Files.createFile(file));
        }
        return new Refs(files);
    }

    Path issuedThrough(int replica) {
        return files.get(replica);
    }

    Path fetchedThrough(int replica) {
        return files.get((replica + 1) % files.size());
    }

    /** The refs in the shortest file: how many fetches every replica can make before it runs dry. */
    long fewest() throws IOException {
        long fewest = Long.MAX_VALUE;
        for (Path file : files) {
            try (var lines = Files.lines(file)) {
                fewest = Math.min(fewest, lines.count());
            }
        }
        return fewest;
    }

    void delete() throws IOException {
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }
}
