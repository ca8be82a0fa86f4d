package io.lightvibes.service.config;

import java.util.Objects;

/**
 * One {@code LIGHTVIBES_*} variable: its name without the prefix, the default as it is written in
 * {@code .env.example} (empty: none), what it means, and how its text becomes a value.
 *
 * @param <T> the value's type
 */
public record Setting<T>(String name, String defaultText, String description, Parser<T> parser) {

    /** The prefix every variable carries. */
    public static final String PREFIX = "LIGHTVIBES_";

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultText, "defaultText");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parser, "parser");
    }

    /** The environment variable: {@code LIGHTVIBES_} + name. */
    public String variable() {
        return PREFIX + name;
    }

    /** Turns a variable's text into a value, or says in a few words what it must be. */
    @FunctionalInterface
    public interface Parser<T> {
        /**
         * @param text the trimmed text; empty means "not set"
         * @return the value
         * @throws IllegalArgumentException with a message such as "must be a whole number from 1 to 86400"
         */
        T parse(String text);
    }
}
