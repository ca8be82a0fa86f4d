package io.lightvibes.service.guard;

import io.lightvibes.service.identity.Principal;
import java.util.Objects;

/** One refused request: who asked, for what, on what, and the decision that refused it. */
public record Denial(Principal principal, Action action, Resource resource, Decision.Denied decision) {

    public Denial {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(decision, "decision");
    }
}
