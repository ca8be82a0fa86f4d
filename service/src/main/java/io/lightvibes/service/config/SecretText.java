package io.lightvibes.service.config;

import java.util.Objects;

/**
 * A setting's value that must never be printed (a PIN, a password): {@link #toString()} hides it,
 * so a {@link Settings} record can be logged whole.
 */
public final class SecretText {

    private final String value;

    public SecretText(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The secret itself, for the one call that needs it. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "(hidden)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretText that && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
