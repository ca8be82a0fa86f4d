package io.lightvibes.service.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.evidence.NoteSigningKey;
import io.lightvibes.service.secrets.SecretBytes;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.JdbcWrappedKeys;
import io.lightvibes.service.store.StoreOptions;
import io.lightvibes.service.store.WrappedKeyRecord;
import io.lightvibes.service.testing.Bytes;
import io.lightvibes.service.testing.TestToken;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signing key kept as a wrapped seed in the database: one identity across starts, no plaintext at rest. */
class WrappedSigningKeyTest {

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private String url;
    private JdbcKeyStore store;

    /** The service's own store stays open, as while it serves: SQLite keeps the WAL until the last connection closes. */
    @BeforeEach
    void migrate() {
        url = "jdbc:sqlite:" + dir.resolve("lightvibes.db");
        store = JdbcKeyStore.create(url, StoreOptions.DEFAULTS);
        store.open();
        assertThat(store.evidenceSize()).isZero(); // a pooled connection now holds the database open
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private NoteSigningKey load(KeyWrapper wrapper) {
        try (var keys = JdbcWrappedKeys.open(url, StoreOptions.DEFAULTS)) {
            return WrappedSigningKey.loadOrCreate(wrapper, keys, clock, random);
        }
    }

    private <T> T withKeys(Function<JdbcWrappedKeys, T> body) {
        try (var keys = JdbcWrappedKeys.open(url, StoreOptions.DEFAULTS)) {
            return body.apply(keys);
        }
    }

    private byte[] databaseFiles() throws Exception {
        var all = new ByteArrayOutputStream();
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            Path file = dir.resolve("lightvibes.db" + suffix);
            if (Files.exists(file)) {
                all.write(Files.readAllBytes(file));
            }
        }
        return all.toByteArray();
    }

    @Test
    void aSecondStartGetsTheSameSigningKey() {
        KeyWrapper wrapper = AesGcmKeyWrapper.inMemory(random);
        NoteSigningKey first = load(wrapper);
        NoteSigningKey second = load(wrapper);
        assertThat(second.publicKey()).isEqualTo(first.publicKey());
        byte[] message = "tree head\n".getBytes(StandardCharsets.UTF_8);
        assertThat(second.sign(message)).isEqualTo(first.sign(message)); // Ed25519 is deterministic
        WrappedKeyRecord stored = withKeys(keys -> keys.find(WrappedSigningKey.NAME).orElseThrow());
        assertThat(stored.wrappedBy()).isEqualTo(wrapper.description());
    }

    @Test
    void theDatabaseAndItsWalHoldNoFormOfTheSeed() throws Exception {
        KeyWrapper wrapper = AesGcmKeyWrapper.inMemory(random);
        NoteSigningKey key = load(wrapper);
        WrappedKeyRecord stored = withKeys(keys -> keys.find(WrappedSigningKey.NAME).orElseThrow());
        try (SecretBytes seed = wrapper.unwrap(stored.wrapped(), WrappedSigningKey.aad(WrappedSigningKey.NAME))) {
            assertThat(NoteSigningKey.ed25519(seed.reveal()).publicKey()).isEqualTo(key.publicKey());
            assertThat(Files.exists(dir.resolve("lightvibes.db-wal"))).isTrue();
            byte[] files = databaseFiles();
            for (byte[] form : TestToken.forms(seed.reveal())) {
                assertThat(Bytes.indexOf(files, form)).as("the seed is in the database files").isNegative();
            }
            assertThat(Bytes.indexOf(files, stored.wrapped())).isNotNegative();
        }
    }

    @Test
    void aSeedAnotherKeyWrappedStopsStartUpNamingTheRow() {
        load(AesGcmKeyWrapper.inMemory(random));
        KeyWrapper other = AesGcmKeyWrapper.inMemory(random);
        assertThatThrownBy(() -> load(other)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("wrapped_keys 'evidence.signing'")
                .hasMessageContaining("does not open with " + other.description());
    }

    @Test
    void anAlteredRowStopsStartUp() throws Exception {
        KeyWrapper wrapper = AesGcmKeyWrapper.inMemory(random);
        load(wrapper);
        byte[] altered = withKeys(keys -> keys.find(WrappedSigningKey.NAME).orElseThrow()).wrapped();
        altered[altered.length - 1] ^= 1;  // the tag's last bit
        try (var connection = DriverManager.getConnection(url);
                var update = connection.prepareStatement("UPDATE wrapped_keys SET wrapped = ? WHERE name = ?")) {
            update.setBytes(1, altered);
            update.setString(2, WrappedSigningKey.NAME);
            assertThat(update.executeUpdate()).isOne();
        }
        assertThatThrownBy(() -> load(wrapper)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not open");
    }

    @Test
    void aSeedWrappedForAnotherPurposeIsRefused() {
        KeyWrapper wrapper = AesGcmKeyWrapper.inMemory(random);
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        byte[] wrongContext;
        try (SecretBytes material = SecretBytes.copyOf(seed)) {
            wrongContext = wrapper.wrap(material, WrappedSigningKey.aad("shared.pool"));
        }
        withKeys(keys -> keys.putIfAbsent(new WrappedKeyRecord(WrappedSigningKey.NAME, wrongContext, "test",
                clock.instant())));
        assertThatThrownBy(() -> load(wrapper)).isInstanceOf(ConfigException.class);
    }
}
