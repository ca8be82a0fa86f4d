package io.lightvibes.service.guard;

import java.util.Optional;

/** The guard refused a request: 403, naming the deciding policy (or that none permits). */
public final class GuardDeniedException extends RuntimeException {

    private final transient Denial denial;

    public GuardDeniedException(Denial denial) {
        super(denial.decision().detail());
        this.denial = denial;
    }

    public Denial denial() {
        return denial;
    }

    /** The forbid that decided, empty when no policy permits. */
    public Optional<String> policyId() {
        return denial.decision().policyId();
    }
}
