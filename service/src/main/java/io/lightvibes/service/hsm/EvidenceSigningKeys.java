package io.lightvibes.service.hsm;

import io.lightvibes.service.config.Settings;
import io.lightvibes.service.evidence.NoteSigningKey;
import io.lightvibes.service.store.JdbcWrappedKeys;
import io.lightvibes.service.store.StoreOptions;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * The evidence signing key the configured backend gives: with {@code memory} a new key at every
 * start (the log introduces each one with a {@code log.started} entry); with {@code pkcs11} one key
 * for the life of the token, its seed wrapped by the token's AES key and kept in the database.
 */
public final class EvidenceSigningKeys {

    private EvidenceSigningKeys() {
    }

    /**
     * The key for {@code settings}; {@code databaseUrl} is the migrated store's. A token that cannot be
     * used stops start-up with a {@link io.lightvibes.service.config.ConfigException} of one line.
     */
    public static NoteSigningKey open(Settings.Hsm settings, String databaseUrl, StoreOptions options, Clock clock,
            SecureRandom random) {
        return switch (settings.backend()) {
            case MEMORY -> NoteSigningKey.generate(random);
            case PKCS11 -> {
                try (Pkcs11Token token = Pkcs11Token.open(settings);
                        JdbcWrappedKeys keys = JdbcWrappedKeys.open(databaseUrl, options)) {
                    yield WrappedSigningKey.loadOrCreate(token.keyWrapper(random), keys, clock, random);
                }
            }
        };
    }
}
