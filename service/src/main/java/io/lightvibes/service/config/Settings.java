package io.lightvibes.service.config;

import io.lightvibes.service.hsm.KeyBackend;
import io.lightvibes.service.identity.AuthMode;
import io.lightvibes.service.link.ReplicaMode;
import io.lightvibes.service.store.SqliteSynchronous;
import io.lightvibes.nativebridge.DriverMode;
import io.lightvibes.sim.link.LinkOptions;
import java.nio.file.Path;
import java.util.List;
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
        ReplicaMode replicaMode,
        boolean benchTwins,
        Security security,
        Guard guard,
        Hsm hsm) {

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

    /**
     * Who may call, and how they prove it.
     *
     * @param auth none, token or mtls
     * @param allowRemoteWithoutAuth serve {@code auth=none} on a non-loopback address anyway
     * @param tlsCert PEM certificate chain the server presents (with {@code tlsKey}: HTTPS)
     * @param tlsKey PEM private key of {@code tlsCert}
     * @param tlsClientCa PEM CA certificates that client certificates must chain to (mTLS)
     * @param trustedProxies addresses or CIDR blocks of TLS-terminating gateways whose
     *     {@code clientCertHeader} is believed; empty: no gateway is trusted
     * @param clientCertHeader the header a trusted gateway puts the verified client certificate in
     */
    public record Security(AuthMode auth, boolean allowRemoteWithoutAuth, Optional<Path> tlsCert,
            Optional<Path> tlsKey, Optional<Path> tlsClientCa, List<String> trustedProxies, String clientCertHeader) {
        public Security {
            trustedProxies = List.copyOf(trustedProxies);
        }
    }

    /**
     * The ethics guard.
     *
     * @param policyDir directory of policy files; empty: the built-in default set
     * @param rateLimit requests per peer; empty: no limit
     * @param redisUrl Redis shared by replicas for the rate limits; empty: limits in this process
     */
    public record Guard(Optional<Path> policyDir, Optional<RateLimit> rateLimit, String redisUrl) {
    }

    /**
     * Where the at-rest key wrapper and the evidence signing key live.
     *
     * @param backend memory or pkcs11
     * @param pkcs11Module the PKCS#11 library (.so), e.g. SoftHSM2's
     * @param tokenLabel the token's label
     * @param pin the user PIN (never printed), or
     * @param pinFile a file holding it
     */
    public record Hsm(KeyBackend backend, Optional<Path> pkcs11Module, String tokenLabel, Optional<SecretText> pin,
            Optional<Path> pinFile) {
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
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(hsm, "hsm");
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

    /** These settings with {@code newSecurity} (the CLI's TLS flags). */
    public Settings withSecurity(Security newSecurity) {
        return new Settings(stateDir, databaseUrlSetting, sqliteSynchronous, recipientPublicKey, qberThreshold,
                defaultTtlS, retryAfterS, sweepIntervalS, host, port, logLevel, evidence, driver, nativeLibrary, link,
                replicaMode, benchTwins, newSecurity, guard, hsm);
    }

    /** These settings with the server bound to {@code newHost:newPort} (the CLI's flags). */
    public Settings withAddress(String newHost, int newPort) {
        return new Settings(stateDir, databaseUrlSetting, sqliteSynchronous, recipientPublicKey, qberThreshold,
                defaultTtlS, retryAfterS, sweepIntervalS, newHost, newPort, logLevel, evidence, driver, nativeLibrary, link,
                replicaMode, benchTwins, security, guard, hsm);
    }
}
