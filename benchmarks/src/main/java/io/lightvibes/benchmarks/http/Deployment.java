package io.lightvibes.benchmarks.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The running servers of one {@link Topology}: one or more {@code serve} processes on one store,
 * sharing a state directory (the recipient key) and, on PostgreSQL, a fresh schema. Closing stops
 * them and drops the schema.
 */
final class Deployment implements AutoCloseable {

    private final Topology topology;
    private final List<BenchServer> servers;
    private final Optional<PostgresSchema> schema;

    private Deployment(Topology topology, List<BenchServer> servers, Optional<PostgresSchema> schema) {
        this.topology = topology;
        this.servers = List.copyOf(servers);
        this.schema = schema;
    }

    /**
     * Starts {@code topology}'s servers with {@code settings} in a new directory under {@code state}.
     * {@code postgresUrl} is required for a PostgreSQL topology.
     */
    static Deployment start(Topology topology, Path jar, Map<String, String> settings, Path state,
            Optional<String> postgresUrl) throws IOException, InterruptedException, SQLException {
        Path directory = Files.createDirectories(state.resolve(topology.slug()));
        BenchServer.runCommand(jar, "keygen", "--out", directory.toString());
        Map<String, String> env = new HashMap<>(settings);
        env.put("LIGHTVIBES_STATE_DIR", directory.toString());
        Optional<PostgresSchema> schema = Optional.empty();
        if (topology.engine() == Topology.Engine.POSTGRESQL) {
            String base = postgresUrl.orElseThrow(() -> new IllegalStateException("no PostgreSQL URL"));
            schema = Optional.of(PostgresSchema.create(base,
                    "lightvibes_bench_" + ProcessHandle.current().pid() + "_" + topology.slug().replace('-', '_')));
            env.put("LIGHTVIBES_DATABASE_URL", schema.get().url());
        }
        List<BenchServer> servers = new ArrayList<>();
        try {
            for (int replica = 0; replica < topology.replicas(); replica++) {
                // One after the other: the first migrates the schema, the next finds it current.
                servers.add(BenchServer.start(jar, topology.cpuOf(replica), env,
                        directory.resolve("server-" + replica + ".log")));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            new Deployment(topology, servers, schema).close();
            throw e;
        }
        return new Deployment(topology, servers, schema);
    }

    Topology topology() {
        return topology;
    }

    List<BenchServer> servers() {
        return servers;
    }

    /** The PostgreSQL schema the servers share; empty on SQLite. */
    Optional<PostgresSchema> schema() {
        return schema;
    }

    @Override
    public void close() throws InterruptedException, SQLException {
        for (BenchServer server : servers) {
            server.close();
        }
        if (schema.isPresent()) {
            schema.get().close();
        }
    }
}
