package io.lightvibes.service.config;

import java.util.Locale;
import java.util.logging.Level;

/** Level of the JSON logs. */
public enum LogLevel {
    DEBUG(Level.FINE),
    INFO(Level.INFO),
    WARNING(Level.WARNING),
    ERROR(Level.SEVERE);

    private final Level julLevel;

    LogLevel(Level julLevel) {
        this.julLevel = julLevel;
    }

    /** The java.util.logging level this maps to. */
    public Level julLevel() {
        return julLevel;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
