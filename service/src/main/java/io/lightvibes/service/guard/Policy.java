package io.lightvibes.service.guard;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One declared policy, Cedar's shape in CEL: it {@code permit}s or {@code forbid}s the
 * {@code actions} it names when its CEL condition {@code when} holds for the request's
 * {@code principal}, {@code action}, {@code resource} and {@code context}.
 *
 * @param id unique in the whole policy set: {@code [a-z0-9][a-z0-9._-]{0,63}}
 * @param effect permit or forbid
 * @param actions the actions it covers (never empty)
 * @param when the CEL condition, type-checked to {@code bool} at start-up
 * @param reason for a forbid: the sentence a refused caller reads (empty: a generic one)
 * @param origin the file it came from, for messages
 */
public record Policy(String id, Effect effect, Set<Action> actions, String when, Optional<String> reason,
        String origin) {

    /** Policy ids: short, lowercase, safe to print anywhere. */
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    /** Cedar's two effects: any matching forbid wins over every permit. */
    public enum Effect {
        PERMIT, FORBID;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Policy {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(effect, "effect");
        Objects.requireNonNull(when, "when");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(origin, "origin");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a policy id matches " + ID.pattern());
        }
        actions = Set.copyOf(actions);
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a policy covers at least one action");
        }
    }

    public boolean covers(Action action) {
        return actions.contains(action);
    }
}
