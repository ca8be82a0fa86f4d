package io.lightvibes.service.evidence;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an offline audit found: a one-line verdict and, if it failed, where it first failed.
 *
 * @param ok whether every check passed
 * @param verdict one line: {@code OK: ...} or {@code FAIL at <where>: <reason>}
 * @param entries entries that passed every check
 * @param checkpoints checkpoints that passed every check
 * @param firstBad the first failure: {@code entry 7}, {@code checkpoint 3 (size 40)},
 *     {@code since (size 12)}, {@code checkpoints} (entries no checkpoint vouches for) or {@code keys}
 * @param keys the checkpoint verifier keys the log introduced, in log order, each once
 * @param trust how the first key came to be trusted
 */
public record AuditReport(
        boolean ok, String verdict, long entries, long checkpoints, Optional<String> firstBad, List<String> keys, Trust trust) {

    public AuditReport {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(firstBad, "firstBad");
        Objects.requireNonNull(trust, "trust");
        keys = List.copyOf(keys);
    }

    /** How the auditor came to trust the log's first signing key ({@code docs/EVIDENCE.md}, Keys). */
    public enum Trust {
        /** The auditor pinned the first key. */
        PINNED("pinned"),
        /** The auditor pinned a later key of the chain; the keys before it are trusted on first use. */
        PINNED_LATER("pinned-later"),
        /** Nothing was pinned: the first key is trusted on first use. */
        FIRST_USE("first-use");

        private final String value;

        Trust(String value) {
            this.value = value;
        }

        /** The name the prototype and the docs use. */
        public String value() {
            return value;
        }

        @Override
        public String toString() {
            return value;
        }
    }
}
