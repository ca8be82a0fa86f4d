package io.lightvibes.benchmarks.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Points wrk at every replica of a deployment at once, one wrk process per replica with an equal
 * share of the connections, all on CPU {@value #WRK_CPU}.
 */
final class Load {

    static final int WRK_CPU = 1;

    /** Whose routes a run calls: ours or the bare twins beside them. */
    enum Routes {
        BARE("bench"),
        LIGHTVIBES("lightvibes");

        private final String prefix;

        Routes(String prefix) {
            this.prefix = prefix;
        }
    }

    private final Path scripts;
    private final boolean countModes;

    /** {@code countModes}: count the answers' QMK and PQC modes (the link is on). */
    Load(Path scripts, boolean countModes) {
        this.scripts = scripts;
        this.countModes = countModes;
    }

    /** The connections each of {@code replicas} processes gets out of {@code connections} (at least one). */
    static int perReplica(int connections, int replicas) {
        return Math.max(1, connections / replicas);
    }

    /** {@code POST /…/session} for {@code seconds}; with {@code record}, the refs answered go into it. */
    WrkRun issue(List<BenchServer> servers, Routes routes, int connections, int seconds, Optional<Refs> record)
            throws IOException, InterruptedException {
        List<WrkCall> calls = new ArrayList<>();
        for (int replica = 0; replica < servers.size(); replica++) {
            List<String> args = record.isPresent() ? List.of(record.get().issuedThrough(replica).toString()) : List.of();
            calls.add(new WrkCall(WRK_CPU, servers.get(replica).url() + "/" + routes.prefix + "/session",
                    scripts.resolve("session.lua"), perReplica(connections, servers.size()), seconds,
                    env(routes, record.isPresent()), args));
        }
        return measured(servers, calls);
    }

    /** {@code GET /…/key/{ref}} for {@code seconds}, each replica through the refs of {@link Refs#fetchedThrough}. */
    WrkRun fetch(List<BenchServer> servers, Routes routes, int connections, int seconds, Refs refs)
            throws IOException, InterruptedException {
        List<WrkCall> calls = new ArrayList<>();
        for (int replica = 0; replica < servers.size(); replica++) {
            calls.add(new WrkCall(WRK_CPU, servers.get(replica).url(), scripts.resolve("key.lua"),
                    perReplica(connections, servers.size()), seconds, env(routes, false),
                    List.of(refs.fetchedThrough(replica).toString(), routes.prefix)));
        }
        return measured(servers, calls);
    }

    /** Runs {@code calls} together, with the CPU time {@code servers} used meanwhile. */
    private static WrkRun measured(List<BenchServer> servers, List<WrkCall> calls)
            throws IOException, InterruptedException {
        CpuUse before = CpuUse.now(servers);
        WrkRun run = WrkCall.runTogether(calls);
        return run.withServerCpuSeconds(CpuUse.now(servers).serverSecondsSince(before));
    }

    /** The bare twins answer PQC always; counting their modes would only slow wrk down. */
    private Map<String, String> env(Routes routes, boolean record) {
        boolean count = countModes && routes == Routes.LIGHTVIBES;
        return Map.of("WRK_RECORD", record ? "1" : "0", "WRK_COUNT_MODES", count ? "1" : "0");
    }
}
