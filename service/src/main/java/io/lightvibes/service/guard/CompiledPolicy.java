package io.lightvibes.service.guard;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Map;
import java.util.Objects;

/** A policy with its type-checked CEL program (immutable, safe to share between requests). */
record CompiledPolicy(Policy policy, CelRuntime.Program condition) {

    /** What evaluating a condition gave. */
    enum Outcome { HOLDS, DOES_NOT_HOLD, FAILED }

    CompiledPolicy {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(condition, "condition");
    }

    Outcome evaluate(Map<String, ?> variables) {
        try {
            return Boolean.TRUE.equals(condition.eval(variables)) ? Outcome.HOLDS : Outcome.DOES_NOT_HOLD;
        } catch (CelEvaluationException | RuntimeException e) {
            // e.g. an overflow or a list walk beyond the limit: the caller decides, failing closed.
            return Outcome.FAILED;
        }
    }
}
