package io.lightvibes.service.config;

/**
 * A setting or file the operator supplied is unusable. The message is one line that names the
 * variable (or file) and says what would be accepted; it never echoes a password.
 */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
