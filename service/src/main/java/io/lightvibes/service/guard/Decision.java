package io.lightvibes.service.guard;

import java.util.Objects;
import java.util.Optional;

/** What the policy set says about one request: allowed by a permit, or denied and why. */
public sealed interface Decision permits Decision.Allowed, Decision.Denied {

    /** Some permit holds and no forbid does. */
    record Allowed(String policyId) implements Decision {
        public Allowed {
            Objects.requireNonNull(policyId, "policyId");
        }
    }

    /**
     * Refused.
     *
     * @param policyId the forbid that held (or failed to evaluate); empty when no policy permits
     * @param detail one sentence for the caller: which policy and why, or that none permits
     */
    record Denied(Optional<String> policyId, String detail) implements Decision {
        public Denied {
            Objects.requireNonNull(policyId, "policyId");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
