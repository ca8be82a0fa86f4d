package io.lightvibes.service.config;

import io.lightvibes.service.store.SqliteSynchronous;
import static io.lightvibes.service.config.Parsers.bool;
import static io.lightvibes.service.config.Parsers.matching;
import static io.lightvibes.service.config.Parsers.number;
import static io.lightvibes.service.config.Parsers.oneOf;
import static io.lightvibes.service.config.Parsers.optionalPath;
import static io.lightvibes.service.config.Parsers.path;
import static io.lightvibes.service.config.Parsers.text;
import static io.lightvibes.service.config.Parsers.wholeNumber;

import io.lightvibes.nativebridge.DriverMode;
import io.lightvibes.service.hsm.KeyBackend;
import io.lightvibes.service.identity.AuthMode;
import io.lightvibes.service.link.ReplicaMode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Every setting, once: name, default, meaning and parser. The order is {@code .env.example}'s. */
public final class SettingsSchema {

    private SettingsSchema() {
    }

    public static final Setting<Path> STATE_DIR = new Setting<>("STATE_DIR", ".lightvibes",
            "Directory for local state: the SQLite database and the demo recipient keys.", path());
    public static final Setting<String> DATABASE_URL = new Setting<>("DATABASE_URL", "",
            "JDBC URL of the key store: jdbc:sqlite:PATH (embedded) or "
                    + "jdbc:postgresql://HOST:PORT/DB?user=USER (scale-out). Empty means "
                    + "jdbc:sqlite:STATE_DIR/lightvibes.db. The prototype's sqlite+aiosqlite:/// and "
                    + "postgresql+asyncpg:// forms are accepted too.",
            DatabaseUrls::normalize);
    public static final Setting<SqliteSynchronous> SQLITE_SYNCHRONOUS = new Setting<>("SQLITE_SYNCHRONOUS",
            "FULL",
            "SQLite durability: FULL syncs every commit, so a delivered key stays delivered even across a "
                    + "power loss; NORMAL is faster but a power loss may undo the last commits (a key could "
                    + "then be delivered twice). Ignored for PostgreSQL.",
            oneOf(SqliteSynchronous.class));
    public static final Setting<Optional<Path>> RECIPIENT_PUBLIC_KEY = new Setting<>("RECIPIENT_PUBLIC_KEY", "",
            "File with the recipient public key every key is sealed to (PEM, from `lightvibes keygen`). "
                    + "Empty means STATE_DIR/recipient.pub.",
            optionalPath());
    public static final Setting<Double> QBER_THRESHOLD = new Setting<>("QBER_THRESHOLD", "0.08",
            "QBER above which the QKD link is degraded and sessions fall back to PQC.",
            number(0.0, true, 0.5, true));
    public static final Setting<Integer> DEFAULT_TTL_S = new Setting<>("DEFAULT_TTL_S", "120",
            "Validity of a session key, in seconds, when the request names none.", wholeNumber(1, 86400));
    public static final Setting<Integer> RETRY_AFTER_S = new Setting<>("RETRY_AFTER_S", "5",
            "Retry-After (seconds) sent with 503 when no key source may serve a request.", wholeNumber(1, 3600));
    public static final Setting<Double> SWEEP_INTERVAL_S = new Setting<>("SWEEP_INTERVAL_S", "5",
            "How often the sweeper destroys expired key material, in seconds.", number(0.0, true, 3600.0, false));
    public static final Setting<String> HOST = new Setting<>("HOST", "127.0.0.1",
            "Address `lightvibes serve` binds to.", text());
    public static final Setting<Integer> PORT = new Setting<>("PORT", "8000",
            "Port `lightvibes serve` listens on (0: any free port).", wholeNumber(0, 65535));
    public static final Setting<LogLevel> LOG_LEVEL = new Setting<>("LOG_LEVEL", "info",
            "Level of the JSON logs: debug, info, warning or error.", oneOf(LogLevel.class));
    public static final Setting<Boolean> EVIDENCE_ENABLED = new Setting<>("EVIDENCE_ENABLED", "true",
            "Write every operation to the evidence log. Turn off only to measure its cost: without it nothing "
                    + "is auditable.",
            bool());
    public static final Setting<String> EVIDENCE_ORIGIN = new Setting<>("EVIDENCE_ORIGIN",
            "lightvibes.localhost/evidence", "Origin line of the checkpoints: a schema-less URL naming this log.",
            matching(java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:-]{0,127}"),
                    "a schema-less URL of at most 128 characters (letters, digits and . _ / : -)"));
    public static final Setting<Integer> EVIDENCE_CHECKPOINT_ENTRIES = new Setting<>("EVIDENCE_CHECKPOINT_ENTRIES",
            "256", "Sign a checkpoint once this many entries are newer than the last one.",
            wholeNumber(1, 1_000_000));
    public static final Setting<Double> EVIDENCE_CHECKPOINT_INTERVAL_S = new Setting<>(
            "EVIDENCE_CHECKPOINT_INTERVAL_S", "10",
            "Sign a checkpoint at least this often while new entries arrive, in seconds.",
            number(0.0, true, 86400.0, false));
    public static final Setting<DriverMode> DRIVER = new Setting<>("DRIVER", "auto",
            "Photonics driver and post-processing kernels: auto (the native library when it loads, else the Java "
                    + "simulator, the reason logged once), native (refuse to start without it) or java.",
            text -> {
                try {
                    return DriverMode.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("must be auto, native or java");
                }
            });
    public static final Setting<Optional<Path>> NATIVE_LIBRARY = new Setting<>("NATIVE_LIBRARY", "",
            "A qmk.h photonics library (.so) to load instead of the one packaged in the jar, e.g. a hardware "
                    + "integrator's driver. Empty means the packaged simulator.",
            optionalPath());
    public static final Setting<ReplicaMode> REPLICA_MODE = new Setting<>("REPLICA_MODE", "auto",
            "How this process shares the QKD link with other replicas on one database (docs/REPLICAS.md): auto "
                    + "(elect on PostgreSQL, local on SQLite), local (a link and pool of its own), elect (the process "
                    + "holding an advisory lock runs the link for all) or follow (never run it; e.g. beside "
                    + "`lightvibes link run`).",
            oneOf(ReplicaMode.class));
    public static final Setting<Boolean> BENCH_TWINS = new Setting<>("BENCH_TWINS", "false",
            "Serve the bare twin routes under /bench (same request parsing, constant answers, no key source) "
                    + "for side-by-side load figures. Never in production.",
            bool());

    public static final Setting<AuthMode> AUTH = new Setting<>("AUTH", "none",
            "How callers prove who they are: none (every caller is the local operator; loopback only), token "
                    + "(Authorization: Bearer, from `lightvibes peers add`) or mtls (a client certificate whose "
                    + "subject a peer was registered with).",
            oneOf(AuthMode.class));
    public static final Setting<Boolean> AUTH_NONE_ALLOW_REMOTE = new Setting<>("AUTH_NONE_ALLOW_REMOTE", "false",
            "Serve with AUTH=none on a non-loopback address anyway. Anyone who reaches the port gets keys.", bool());
    public static final Setting<Optional<Path>> TLS_CERT = new Setting<>("TLS_CERT", "",
            "PEM certificate chain the server presents; with TLS_KEY the server speaks HTTPS only.", optionalPath());
    public static final Setting<Optional<Path>> TLS_KEY = new Setting<>("TLS_KEY", "",
            "PEM (PKCS#8) private key of TLS_CERT.", optionalPath());
    public static final Setting<Optional<Path>> TLS_CLIENT_CA = new Setting<>("TLS_CLIENT_CA", "",
            "PEM CA certificates client certificates must chain to: the handshake then requires one (mTLS).",
            optionalPath());
    public static final Setting<List<String>> TRUSTED_PROXIES = new Setting<>("TRUSTED_PROXIES", "",
            "Comma-separated addresses or CIDR blocks of TLS-terminating gateways whose CLIENT_CERT_HEADER is "
                    + "believed. Empty: no gateway is trusted and the header is ignored.",
            Parsers.commaList());
    public static final Setting<String> CLIENT_CERT_HEADER = new Setting<>("CLIENT_CERT_HEADER", "X-Client-Cert",
            "Header in which a trusted gateway forwards the verified client certificate (URL-encoded PEM).",
            matching(java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,64}"), "a header name (letters, digits, -)"));
    public static final Setting<Optional<Path>> POLICY_DIR = new Setting<>("POLICY_DIR", "",
            "Directory of the guard's policy files (*.policy). Empty: the built-in default set "
                    + "(docs/GUARD.md).",
            optionalPath());
    public static final Setting<Optional<RateLimit>> RATE_LIMIT = new Setting<>("RATE_LIMIT", "",
            "Requests each peer may make, e.g. 100/second or 6000/minute; over it: 429 with Retry-After. "
                    + "Empty: no limit.",
            text -> text.isEmpty() ? Optional.empty() : Optional.of(RateLimit.parse(text)));
    public static final Setting<String> REDIS_URL = new Setting<>("REDIS_URL", "",
            "redis://HOST:PORT of a Redis that replicas share the rate limits through. Empty: each process "
                    + "counts alone.",
            text());
    public static final Setting<KeyBackend> KEY_BACKEND = new Setting<>("KEY_BACKEND", "memory",
            "Where the at-rest key wrapper and the evidence signing key live: memory (new at every start) or "
                    + "pkcs11 (a token, see PKCS11_*).",
            oneOf(KeyBackend.class));
    public static final Setting<Optional<Path>> PKCS11_MODULE = new Setting<>("PKCS11_MODULE", "",
            "The PKCS#11 library of the token, e.g. /usr/lib/softhsm/libsofthsm2.so.", optionalPath());
    public static final Setting<String> PKCS11_TOKEN_LABEL = new Setting<>("PKCS11_TOKEN_LABEL", "lightvibes",
            "Label of the PKCS#11 token holding LIGHTVIBES's keys.", text());
    public static final Setting<Optional<SecretText>> PKCS11_PIN = new Setting<>("PKCS11_PIN", "",
            "User PIN of the token (prefer PKCS11_PIN_FILE). Never logged.",
            text -> text.isEmpty() ? Optional.empty() : Optional.of(new SecretText(text)));
    public static final Setting<Optional<Path>> PKCS11_PIN_FILE = new Setting<>("PKCS11_PIN_FILE", "",
            "File whose first line is the token's user PIN.", optionalPath());

    /** Every setting in {@code .env.example} order. */
    public static List<Setting<?>> all() {
        return List.of(STATE_DIR, DATABASE_URL, SQLITE_SYNCHRONOUS, RECIPIENT_PUBLIC_KEY, QBER_THRESHOLD,
                DEFAULT_TTL_S, RETRY_AFTER_S, SWEEP_INTERVAL_S, HOST, PORT, LOG_LEVEL, EVIDENCE_ENABLED, EVIDENCE_ORIGIN,
                EVIDENCE_CHECKPOINT_ENTRIES, EVIDENCE_CHECKPOINT_INTERVAL_S, DRIVER, NATIVE_LIBRARY, REPLICA_MODE,
                BENCH_TWINS, AUTH, AUTH_NONE_ALLOW_REMOTE, TLS_CERT, TLS_KEY, TLS_CLIENT_CA, TRUSTED_PROXIES, CLIENT_CERT_HEADER, POLICY_DIR,
                RATE_LIMIT, REDIS_URL, KEY_BACKEND, PKCS11_MODULE, PKCS11_TOKEN_LABEL, PKCS11_PIN, PKCS11_PIN_FILE);
    }
}
