package io.lightvibes.benchmarks.http;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * HttpLoad's command line.
 *
 * @param jar the service's jar
 * @param scripts the directory of the wrk Lua scripts
 * @param rounds measured rounds per connection count
 * @param seconds length of each measured run
 * @param connections connection counts, ascending
 * @param synchronous SQLite's {@code synchronous} setting
 * @param ceiling the crypto ceiling
 * @param link run the simulated QKD link in every server
 * @param warmupSeconds unmeasured load before the first round
 * @param topologies the deployments measured side by side
 * @param postgresUrl the database PostgreSQL topologies get a fresh schema in
 * @param profileDir where to write a JFR recording of a 16-connection issuance run per deployment
 * @param profileSeconds how long that run is
 */
record Options(Path jar, Path scripts, int rounds, int seconds, List<Integer> connections, String synchronous,
        Ceiling ceiling, boolean link, int warmupSeconds, List<Topology> topologies, Optional<String> postgresUrl,
        Optional<Path> profileDir, int profileSeconds) {

    Options {
        connections = List.copyOf(connections);
        topologies = List.copyOf(topologies);
    }

    /** Parses {@code args}; {@code postgresUrlVariable} is the default of {@code --postgres-url} (may be null). */
    static Options parse(String[] args, String postgresUrlVariable) {
        Path jar = Path.of("service/target/lightvibes.jar");
        Path scripts = Path.of("benchmarks/http");
        int rounds = 3;
        int seconds = 4;
        List<Integer> connections = List.of(1, 16, 32, 64);
        String synchronous = "FULL";
        Ceiling ceiling = Ceiling.UNKNOWN;
        boolean link = false;
        int warmupSeconds = 60;
        List<Topology> topologies = topologies("sqlite,postgres,postgres:2");
        Optional<String> postgresUrl = Optional.ofNullable(postgresUrlVariable).filter(url -> !url.isBlank());
        Optional<Path> profileDir = Optional.empty();
        int profileSeconds = 20;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            if (args[i].equals("--link")) {
                link = true;
                i--;
                continue;
            }
            switch (args[i]) {
                case "--jar" -> jar = Path.of(value);
                case "--scripts" -> scripts = Path.of(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--seconds" -> seconds = Integer.parseInt(value);
                case "--connections" -> connections = Arrays.stream(value.split(","))
                        .map(String::strip).map(Integer::parseInt).sorted().toList();
                case "--sqlite-synchronous" -> synchronous = value;
                case "--warmup" -> warmupSeconds = Integer.parseInt(value);
                case "--ceiling" -> ceiling = new Ceiling(Double.parseDouble(value), 0);
                case "--ceiling-from" -> ceiling = Ceiling.from(Path.of(value));
                case "--topologies" -> topologies = topologies(value);
                case "--postgres-url" -> postgresUrl = Optional.of(value);
                case "--profile" -> profileDir = Optional.of(Path.of(value));
                case "--profile-seconds" -> profileSeconds = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        return new Options(jar, scripts, rounds, seconds, connections, synchronous, ceiling, link, warmupSeconds,
                topologies, postgresUrl, profileDir, profileSeconds);
    }

    private static List<Topology> topologies(String list) {
        return Arrays.stream(list.split(",")).map(Topology::parse).distinct().toList();
    }
}
