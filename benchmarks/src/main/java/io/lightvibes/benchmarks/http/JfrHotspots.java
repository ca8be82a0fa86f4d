package io.lightvibes.benchmarks.http;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a server's time went in JFR recordings (those {@link JfrRecording} makes): each stack
 * sample is charged to its owner, the frame nearest the top whose class is neither the JDK's nor
 * Bouncy Castle's (those serve everyone: a SHA-256 under the Merkle tree is evidence, under HKDF
 * it is crypto). Prints the split by owner for the CPU-time samples (JEP 509, which also sees
 * native code) beside the execution samples (Java code only), then the hottest top frames and
 * threads.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.lightvibes.benchmarks.http.JfrHotspots FILE.jfr…</pre>
 */
public final class JfrHotspots {

    private static final String CPU_TIME = "jdk.CPUTimeSample";
    private static final String EXECUTION = "jdk.ExecutionSample";
    private static final List<String> SHARED = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
            "org.bouncycastle.");
    private static final int TOP = 12;

    /** What a sample's time is spent on. */
    enum Owner {
        CRYPTO("ML-KEM / HPKE crypto (pqc, sealing, hsm, secrets)", "io.lightvibes.service.pqc.",
                "io.lightvibes.service.sealing.", "io.lightvibes.service.hsm.", "io.lightvibes.service.secrets."),
        EVIDENCE("evidence hashing / signing / encoding", "io.lightvibes.service.evidence.",
                "io.lightvibes.service.store.Evidence", "io.lightvibes.service.store.CheckpointSigner",
                "io.lightvibes.service.keys.Evidence", "io.lightvibes.service.keys.SessionEvidence"),
        JSON("JSON (Jackson)", "com.fasterxml.jackson."),
        HELIDON("Helidon (HTTP parsing, routing, writing)", "io.helidon."),
        STORE("store / JDBC (SQL, SQLite, PostgreSQL driver, pool)", "org.sqlite.", "org.postgresql.",
                "com.zaxxer.hikari.", "io.lightvibes.service.store."),
        GUARD("guard and identity (CEL policies)", "io.lightvibes.service.guard.", "io.lightvibes.service.identity.",
                "dev.cel.", "com.google."),
        SERVICE("LIGHTVIBES, other (routes, key service)", "io.lightvibes."),
        OTHER("other libraries (logging, ...)"),
        JDK("JDK only (no owner on the stack: scheduling, JFR, ...)");

        private final String label;
        private final List<String> prefixes;

        Owner(String label, String... prefixes) {
            this.label = label;
            this.prefixes = List.of(prefixes);
        }

        /** The owner of {@code type}; the enum's order settles overlaps (store's Evidence* classes are evidence). */
        static Owner of(String type) {
            return Arrays.stream(values()).filter(o -> o.prefixes.stream().anyMatch(type::startsWith)).findFirst()
                    .orElse(OTHER);
        }
    }

    /** Samples of one event type, counted by owner, top frame and thread. */
    private static final class Tally {
        long samples;
        final Map<Owner, Long> byOwner = new EnumMap<>(Owner.class);
        final Map<String, Long> byFrame = new HashMap<>();
        final Map<String, Long> byThread = new HashMap<>();

        void add(RecordedEvent sample) {
            List<RecordedFrame> frames = sample.getStackTrace() == null ? List.of() : sample.getStackTrace().getFrames();
            samples++;
            byOwner.merge(owner(frames), 1L, Long::sum);
            if (!frames.isEmpty()) {
                var top = frames.getFirst().getMethod();
                byFrame.merge(top.getType().getName() + "." + top.getName(), 1L, Long::sum);
            }
            // An execution sample names the thread it sampled; a CPU-time sample is that thread's own event.
            byThread.merge(thread(sample.getThread(sample.hasField("sampledThread") ? "sampledThread" : "eventThread")),
                    1L, Long::sum);
        }

        double share(long count) {
            return samples == 0 ? 0 : 100.0 * count / samples;
        }
    }

    private JfrHotspots() {
    }

    public static void main(String[] args) throws IOException {
        print(Arrays.stream(args).map(Path::of).toList());
    }

    /** Prints the split of {@code files}' samples together. */
    static void print(List<Path> files) throws IOException {
        Map<String, Tally> tallies = Map.of(CPU_TIME, new Tally(), EXECUTION, new Tally());
        for (Path file : files) {
            try (var recording = new RecordingFile(file)) {
                while (recording.hasMoreEvents()) {
                    RecordedEvent event = recording.readEvent();
                    Tally tally = tallies.get(event.getEventType().getName());
                    if (tally != null) {
                        tally.add(event);
                    }
                }
            }
        }
        Tally cpu = tallies.get(CPU_TIME);
        Tally execution = tallies.get(EXECUTION);
        System.out.println("| where the time goes | CPU-time samples | execution samples |");
        System.out.println("|---|---:|---:|");
        for (Owner owner : Owner.values()) {
            System.out.printf(Locale.ROOT, "| %s | %.1f %% | %.1f %% |%n", owner.label,
                    cpu.share(cpu.byOwner.getOrDefault(owner, 0L)),
                    execution.share(execution.byOwner.getOrDefault(owner, 0L)));
        }
        System.out.printf(Locale.ROOT, "| samples | %,d | %,d |%n", cpu.samples, execution.samples);
        Tally ranked = cpu.samples > 0 ? cpu : execution;
        String which = ranked == cpu ? "CPU-time" : "execution";
        top("top frame (" + which + " samples)", ranked.byFrame, ranked);
        top("thread (" + which + " samples)", ranked.byThread, ranked);
    }

    private static void top(String heading, Map<String, Long> counts, Tally tally) {
        System.out.printf("%n| %s | share |%n|---|---:|%n", heading);
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> System.out.printf(Locale.ROOT, "| `%s` | %.1f %% |%n", e.getKey(), tally.share(e.getValue())));
    }

    /** The owner of a stack, top frame first. */
    static Owner owner(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            if (SHARED.stream().noneMatch(type::startsWith)) {
                return Owner.of(type);
            }
        }
        return Owner.JDK;
    }

    /** A thread's name with its numbers folded ({@code ForkJoinPool-1-worker-3} → {@code ForkJoinPool-#-worker-#}). */
    private static String thread(RecordedThread thread) {
        if (thread == null) {
            return "?";
        }
        if (thread.isVirtual()) {
            return "virtual threads (request handlers)";
        }
        String name = thread.getJavaName() == null ? thread.getOSName() : thread.getJavaName();
        return name == null ? "?" : name.replaceAll("\\d+", "#");
    }
}
