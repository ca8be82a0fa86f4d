package io.lightvibes.service.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A loaded, type-checked set of policies and Cedar's decision rule over them: default deny; any
 * forbid that holds wins over every permit; otherwise a permit that holds allows. Unlike Cedar, a
 * condition that fails to evaluate never helps the caller: a failing forbid denies, a failing
 * permit does not permit.
 */
public final class PolicySet {

    private final List<CompiledPolicy> policies;

    PolicySet(List<CompiledPolicy> policies) {
        this.policies = List.copyOf(policies);
    }

    /** The policies, in load order (files by name, then position in the file). */
    public List<Policy> policies() {
        return policies.stream().map(CompiledPolicy::policy).toList();
    }

    /** The decision on {@code action}, whose CEL variables are {@code variables}. */
    Decision decide(Action action, String peerId, Map<String, ?> variables) {
        List<CompiledPolicy> permits = new ArrayList<>();
        for (CompiledPolicy compiled : policies) {
            Policy policy = compiled.policy();
            if (!policy.covers(action)) {
                continue;
            }
            if (policy.effect() == Policy.Effect.PERMIT) {
                permits.add(compiled);
                continue;
            }
            switch (compiled.evaluate(variables)) {
                case HOLDS -> {
                    return new Decision.Denied(Optional.of(policy.id()), "Policy '" + policy.id() + "' forbids " + action
                            + ": " + policy.reason().orElse("its condition holds for this request."));
                }
                case FAILED -> {
                    return new Decision.Denied(Optional.of(policy.id()), "Policy '" + policy.id()
                            + "' could not be evaluated for this request, so " + action + " is refused (fail closed).");
                }
                case DOES_NOT_HOLD -> {
                    // next
                }
            }
        }
        for (CompiledPolicy permit : permits) {
            if (permit.evaluate(variables) == CompiledPolicy.Outcome.HOLDS) {
                return new Decision.Allowed(permit.policy().id());
            }
        }
        return new Decision.Denied(Optional.empty(), "No policy permits " + action + " for peer '" + peerId + "'.");
    }
}
