package io.lightvibes.benchmarks.http;

import io.lightvibes.benchmarks.http.Load.Routes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One profiled issuance run on a deployment: a JFR recording of every replica (summarised by
 * {@link JfrHotspots}) and, on PostgreSQL, what the database's backends were doing meanwhile.
 */
final class Profile {

    static final int CONNECTIONS = 16;

    private Profile() {
    }

    static void run(Deployment deployment, Load load, Path directory, int seconds)
            throws IOException, InterruptedException, SQLException {
        Files.createDirectories(directory);
        List<JfrRecording> recordings = new ArrayList<>();
        for (int replica = 0; replica < deployment.servers().size(); replica++) {
            recordings.add(JfrRecording.start(deployment.servers().get(replica).pid(),
                    directory.resolve(deployment.topology().slug() + "-replica-" + replica + ".jfr")));
        }
        Optional<PostgresWaits> waits = deployment.schema().map(PostgresWaits::start);
        CpuUse before = CpuUse.now(deployment.servers());
        WrkRun run = load.issue(deployment.servers(), Routes.LIGHTVIBES, CONNECTIONS, seconds, Optional.empty());
        String cpu = CpuUse.now(deployment.servers()).since(before);
        if (waits.isPresent()) {
            waits.get().close();
        }
        List<Path> files = new ArrayList<>();
        for (JfrRecording recording : recordings) {
            files.add(recording.stop());
        }
        System.out.printf(Locale.ROOT, "%n### Profile: %s, issuance at %d connections, %.0f req/s over %d s (%s)%n%n"
                + "CPU during the run: %s.%n%n", deployment.topology().label(), CONNECTIONS, run.rps(), seconds, files, cpu);
        JfrHotspots.print(files);
        waits.ifPresent(PostgresWaits::print);
    }
}
