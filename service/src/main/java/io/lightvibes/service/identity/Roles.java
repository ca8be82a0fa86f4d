package io.lightvibes.service.identity;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Role names as the registry stores them: lower-case words, kept as one space-separated column. */
public final class Roles {

    /** A role: a lower-case letter, then up to 31 of a-z 0-9 _ -. */
    public static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    /** Roles a peer may hold at most; a longer list is a typo, not a policy. */
    public static final int MAX_ROLES = 16;

    private Roles() {
    }

    /** {@code roles} checked against {@link #ROLE} and {@link #MAX_ROLES}, as an immutable set. */
    public static Set<String> checked(Collection<String> roles) {
        if (roles.size() > MAX_ROLES) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a peer holds at most %d roles, not %d", MAX_ROLES, roles.size()));
        }
        for (String role : roles) {
            if (role == null || !ROLE.matcher(role).matches()) {
                throw new IllegalArgumentException("a role is a lower-case letter followed by up to 31 of "
                        + "a-z 0-9 _ -, not '" + role + "'");
            }
        }
        return Set.copyOf(roles);
    }

    /** The stored column: sorted and space-separated; empty for no roles. */
    public static String column(Set<String> roles) {
        return String.join(" ", new TreeSet<>(roles));
    }

    /** The roles of a stored column. */
    public static Set<String> fromColumn(String column) {
        return column.isBlank() ? Set.of() : Set.copyOf(List.of(column.strip().split(" +")));
    }
}
