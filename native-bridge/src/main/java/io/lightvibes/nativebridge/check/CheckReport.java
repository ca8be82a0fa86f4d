package io.lightvibes.nativebridge.check;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The conformance suite's verdict on one library: every check with its outcome, and a readable
 * rendering for {@code lightvibes driver check} (exit code 0 exactly when {@link #passed()}).
 *
 * @param library the library file checked
 * @param implementation what the library says it is ({@code qmk_implementation}), or empty
 * @param results every check, in the order run
 */
public record CheckReport(Path library, String implementation, List<CheckResult> results) {

    public CheckReport {
        Objects.requireNonNull(library, "library");
        Objects.requireNonNull(implementation, "implementation");
        results = List.copyOf(results);
    }

    /** Whether every check passed (and there was at least one). */
    public boolean passed() {
        return !results.isEmpty() && results.stream().allMatch(CheckResult::passed);
    }

    /** How many checks failed. */
    public long failures() {
        return results.stream().filter(result -> !result.passed()).count();
    }

    /** A report a person reads: one line per check, failures with what was seen, a verdict. */
    public String render() {
        var text = new StringBuilder();
        text.append("qmk.h conformance check of ").append(library).append('\n');
        if (!implementation.isEmpty()) {
            text.append("implementation: ").append(implementation).append('\n');
        }
        for (CheckResult result : results) {
            text.append(result.passed() ? "  PASS  " : "  FAIL  ").append(result.name()).append('\n');
            if (!result.passed()) {
                text.append("        ").append(result.detail()).append('\n');
            }
        }
        text.append(passed() ? "PASSED" : "FAILED").append(": ").append(results.size() - failures()).append(" of ")
                .append(results.size()).append(" checks passed\n");
        return text.toString();
    }
}
