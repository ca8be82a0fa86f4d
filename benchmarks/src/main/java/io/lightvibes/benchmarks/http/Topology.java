package io.lightvibes.benchmarks.http;

import java.util.Locale;

/**
 * One arrangement under load: the store's engine, how many {@code serve} processes share it, and
 * which CPUs they run on. wrk always runs on CPU 1.
 *
 * <p>Written {@code sqlite}, {@code postgres}, {@code postgres:2} or {@code postgres:2:spread}.
 *
 * @param engine where the keys and the evidence log live
 * @param replicas serve processes on that one store
 * @param placement where the processes run
 */
record Topology(Engine engine, int replicas, Placement placement) {

    /** The store's engine. */
    enum Engine { SQLITE, POSTGRESQL }

    /** Where the server processes run. */
    enum Placement {
        /** All on CPU 0, the budget of one replica: what the second replica costs or saves, not more cores. */
        SHARED,
        /** Replica i on CPU i mod 2: the second replica gets the core wrk also runs on. */
        SPREAD
    }

    Topology {
        if (replicas < 1 || (engine == Engine.SQLITE && replicas > 1)) {
            throw new IllegalArgumentException("replicas share one PostgreSQL database; SQLite runs one process, not "
                    + replicas);
        }
    }

    static Topology parse(String text) {
        String[] parts = text.strip().toLowerCase(Locale.ROOT).split(":");
        Engine engine = switch (parts[0]) {
            case "sqlite" -> Engine.SQLITE;
            case "postgres", "postgresql" -> Engine.POSTGRESQL;
            default -> throw new IllegalArgumentException("unknown store " + parts[0] + " in " + text
                    + " (sqlite, postgres, postgres:2, postgres:2:spread)");
        };
        int replicas = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
        Placement placement = parts.length > 2 ? Placement.valueOf(parts[2].toUpperCase(Locale.ROOT)) : Placement.SHARED;
        return new Topology(engine, replicas, placement);
    }

    /** The CPU that {@code replica} is pinned to. */
    int cpuOf(int replica) {
        return placement == Placement.SHARED ? 0 : replica % 2;
    }

    /** As the tables name it, e.g. {@code PostgreSQL ×2 (CPU 0)}. */
    String label() {
        String store = engine == Engine.SQLITE ? "SQLite" : "PostgreSQL";
        if (replicas == 1) {
            return store + " ×1";
        }
        return store + " ×" + replicas + (placement == Placement.SHARED ? " (all on CPU 0)" : " (CPU 0 and 1)");
    }

    /** A name for files and schemas. */
    String slug() {
        return engine.name().toLowerCase(Locale.ROOT) + "-" + replicas + "-" + placement.name().toLowerCase(Locale.ROOT);
    }
}
