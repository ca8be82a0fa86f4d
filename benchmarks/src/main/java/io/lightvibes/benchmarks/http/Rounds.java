package io.lightvibes.benchmarks.http;

import io.lightvibes.benchmarks.http.Load.Routes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rounds on one deployment: issuance and retrieval, each ours beside the bare twin. Retrieval
 * fetches the refs this round's issuance recorded, topped up (unmeasured) beforehand so that it
 * never runs dry: a fetched key is gone, and retrieval outruns issuance (2–3× here).
 */
final class Rounds {

    private static final int TOP_UP_CONNECTIONS = 64;

    private final Deployment deployment;
    private final Load load;
    private final Path directory;
    private final int seconds;
    /** The fastest retrieval one replica's wrk measured so far, by connection count (req/s). */
    private final Map<Integer, Double> fetchRates = new HashMap<>();

    Rounds(Deployment deployment, Load load, Path directory, int seconds) {
        this.deployment = deployment;
        this.load = load;
        this.directory = directory;
        this.seconds = seconds;
    }

    /**
     * Unmeasured load on all four runs until the JIT settles: on one core C2 recompiles for tens of
     * seconds (hundreds of deoptimisations as the twin and the real route take turns), and a round
     * measured in that time says more about the compiler than about the service.
     */
    void warmUp(int warmupSeconds) throws IOException, InterruptedException {
        if (warmupSeconds > 0) {
            // Not topped up: once the refs run out the rest of the warm-up fetches answer 404, which warms the
            // same routes and lookups and saves minutes of issuing keys nobody measures.
            run(16, "warmup", Math.max(1, warmupSeconds / 4), false);
        }
    }

    /** One measured round at {@code connections}. */
    Round measure(int connections, int round) throws IOException, InterruptedException {
        Round measured = run(connections, connections + "-" + round, seconds, true);
        fetchRates.merge(connections, measured.fetchOurs().busiestRps(), Math::max);
        return measured;
    }

    private Round run(int connections, String tag, int runSeconds, boolean topUp)
            throws IOException, InterruptedException {
        List<BenchServer> servers = deployment.servers();
        Refs refs = Refs.create(directory, deployment.topology().slug() + "-" + tag, servers.size());
        try {
            WrkRun issueBare = load.issue(servers, Routes.BARE, connections, runSeconds, Optional.empty());
            WrkRun issueOurs = load.issue(servers, Routes.LIGHTVIBES, connections, runSeconds, Optional.of(refs));
            if (topUp) {
                topUp(refs, connections, issueOurs.rps(), runSeconds);
            }
            WrkRun fetchBare = load.fetch(servers, Routes.BARE, connections, runSeconds, refs);
            WrkRun fetchOurs = load.fetch(servers, Routes.LIGHTVIBES, connections, runSeconds, refs);
            return new Round(issueBare, issueOurs, fetchBare, fetchOurs);
        } finally {
            refs.delete();
        }
    }

    /**
     * Issues (unmeasured) until every replica has refs for 1.3 times what the fastest replica's
     * retrieval measured at this connection count (before the first: 8× this round's issuance per
     * replica, twice that with several, which need not share the load evenly) fetches in
     * {@code runSeconds}. A replica that runs dry answers 404s fast, which would inflate its rate.
     */
    private void topUp(Refs refs, int connections, double issueRate, int runSeconds)
            throws IOException, InterruptedException {
        int replicas = deployment.servers().size();
        // SQLite retrieval runs at 6-7x its issuance; a smaller first guess ran that round dry.
        double evenShare = 8 * issueRate / replicas;
        double expected = fetchRates.getOrDefault(connections, replicas == 1 ? evenShare : 2 * evenShare);
        long needed = (long) Math.ceil(expected * runSeconds * 1.3) + 100;
        double perReplica = Math.max(1, issueRate / replicas);
        for (int attempt = 0; attempt < 5 && refs.fewest() < needed; attempt++) {
            long missing = needed - refs.fewest();
            int topUpSeconds = (int) Math.clamp((long) Math.ceil(missing / perReplica * 1.2), 1, 6L * runSeconds);
            WrkRun topUp = load.issue(deployment.servers(), Routes.LIGHTVIBES, TOP_UP_CONNECTIONS, topUpSeconds,
                    Optional.of(refs));
            perReplica = Math.max(1, topUp.rps() / replicas);
        }
    }
}
