package io.lightvibes.service;

import io.lightvibes.service.config.LogLevel;
import io.lightvibes.service.http.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One JSON object per log line on standard error: time, level, logger, message (and the exception's
 * class and message, never its stack). Nothing secret is ever passed to a logger.
 */
public final class JsonLogging {

    private JsonLogging() {
    }

    /** Replaces the root handlers with one JSON handler at {@code level}. */
    public static void install(LogLevel level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new ConsoleHandler();
        handler.setFormatter(new JsonFormatter());
        handler.setLevel(level.julLevel());
        root.addHandler(handler);
        root.setLevel(level.julLevel());
        // Flyway and HikariCP narrate every start at INFO; their warnings still come through.
        if (level.julLevel().intValue() < Level.WARNING.intValue()) {
            Logger.getLogger("org.flywaydb").setLevel(Level.WARNING);
            Logger.getLogger("com.zaxxer.hikari").setLevel(Level.WARNING);
        }
    }

    /** Formats a record as one line of JSON. */
    static final class JsonFormatter extends Formatter {
        @Override
        public String format(LogRecord record) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time", Instant.ofEpochMilli(record.getMillis()).toString());
            line.put("level", record.getLevel().getName().toLowerCase(java.util.Locale.ROOT));
            line.put("logger", record.getLoggerName());
            line.put("message", formatMessage(record));
            if (record.getThrown() != null) {
                line.put("error", record.getThrown().getClass().getName());
                line.put("error_message", String.valueOf(record.getThrown().getMessage()));
            }
            return new String(Json.write(line), java.nio.charset.StandardCharsets.UTF_8) + System.lineSeparator();
        }
    }

}
