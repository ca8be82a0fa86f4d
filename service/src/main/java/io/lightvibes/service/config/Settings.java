package io.lightvibes.service.config;

import io.lightvibes.service.store.SqliteSynchronous;
import io.lightvibes.nativebridge.DriverMode;
import io.lightvibes.sim.link.LinkOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Every knob of a LIGHTVIBES deployment, read once at start-up ({@link SettingsLoader}); the
 * meaning of each is in {@link SettingsSchema} and {@code .env.example}.
 */
public record Settings(
        Path stateDir,
        String databaseUrlSetting,
        SqliteSynchronous sqliteSynchronous,
        Optional<Path> recipientPublicKey,
        double qberThreshold,
        int defaultTtlS,
        int retryAfterS,
        double sweepIntervalS,
        String host,
        int port,
        LogLevel logLevel,
        Evidence evidence,
        DriverMode driver,
        Optional<Path> nativeLibrary,
        LinkOptions link,
        boolean benchTwins) {

    /**
     * The evidence log's settings.
     *
     * @param enabled write every operation to the log
     * @param origin the checkpoints' origin line
     * @param checkpointEntries sign once this many entries are newer than the last checkpoint
     * @param checkpointIntervalS sign at least this often while entries arrive, seconds
     */
    public record Evidence(boolean enabled, String origin, int checkpointEntries, double checkpointIntervalS) {
    }

    public Settings {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(databaseUrlSetting, "databaseUrlSetting");
        Objects.requireNonNull(sqliteSynchronous, "sqliteSynchronous");
        Objects.requireNonNull(recipientPublicKey, "recipientPublicKey");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(evidence, "evidence");
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(nativeLibrary, "nativeLibrary");
        Objects.requireNonNull(link, "link");
    }

    /** The JDBC URL of the store: the setting, or SQLite at {@code STATE_DIR/lightvibes.db}. */
    public String databaseUrl() {
        return databaseUrlSetting.isEmpty()
                ? "jdbc:sqlite:" + stateDir.resolve("lightvibes.db")
                : databaseUrlSetting;
    }

    /** The recipient public key file: the setting, or {@code STATE_DIR/recipient.pub}. */
    public Path recipientPublicKeyPath() {
        return recipientPublicKey.orElse(stateDir.resolve("recipient.pub"));
    }

    /** These settings with the server bound to {@code newHost:newPort} (the CLI's flags). */
    public Settings withAddress(String newHost, int newPort) {
        return new Settings(stateDir, databaseUrlSetting, sqliteSynchronous, recipientPublicKey, qberThreshold,
                defaultTtlS, retryAfterS, sweepIntervalS, newHost, newPort, logLevel, evidence, driver, nativeLibrary, link,
                benchTwins);
    }
}
