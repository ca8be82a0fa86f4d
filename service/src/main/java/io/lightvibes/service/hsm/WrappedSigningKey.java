package io.lightvibes.service.hsm;

import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.evidence.NoteSigningKey;
import io.lightvibes.service.secrets.SecretBytes;
import io.lightvibes.service.store.WrappedKeyRecord;
import io.lightvibes.service.store.WrappedKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;

/**
 * The evidence signing key as an Ed25519 seed kept wrapped in the database: generated and wrapped on
 * first use, unwrapped at every later start, so the log keeps one signing identity across restarts.
 * This is the fallback for tokens SunPKCS11 cannot sign Ed25519 with (JDK 25 has no EdDSA in
 * SunPKCS11, docs/HSM.md): the seed is plaintext only in this process's memory, never at rest.
 */
public final class WrappedSigningKey {

    /** The {@code wrapped_keys} name of the evidence signing key's seed. */
    public static final String NAME = "evidence.signing";
    private static final int SEED_BYTES = 32;

    private WrappedSigningKey() {
    }

    /** The context a seed is wrapped under: the name, so a blob cannot be moved to another purpose. */
    public static byte[] aad(String name) {
        return ("lightvibes/v1:wrapped-key:" + name).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The signing key {@code keys} holds under {@link #NAME}, made with {@code random} and stored
     * wrapped by {@code wrapper} if it holds none. A seed the wrapper cannot open (another token,
     * a replaced wrapping key, an altered row) stops start-up with a {@link ConfigException}.
     */
    public static NoteSigningKey loadOrCreate(KeyWrapper wrapper, WrappedKeyStore keys, Clock clock,
            SecureRandom random) {
        WrappedKeyRecord stored = keys.find(NAME).orElseGet(() -> create(wrapper, keys, clock, random));
        try (SecretBytes seed = wrapper.unwrap(stored.wrapped(), aad(NAME))) {
            if (seed.length() != SEED_BYTES) {
                throw new UnwrapException();
            }
            return NoteSigningKey.ed25519(seed.reveal());
        } catch (UnwrapException e) {
            throw new ConfigException("LIGHTVIBES_KEY_BACKEND: the evidence signing key stored in the database "
                    + "(wrapped_keys '" + NAME + "', wrapped by " + stored.wrappedBy() + " on " + stored.createdAt()
                    + ") does not open with " + wrapper.description() + "; use the token that wrapped it, or delete "
                    + "that row to start a new signing identity (the log names the new key)");
        }
    }

    private static WrappedKeyRecord create(KeyWrapper wrapper, WrappedKeyStore keys, Clock clock,
            SecureRandom random) {
        byte[] seed = new byte[SEED_BYTES];
        random.nextBytes(seed);
        try (SecretBytes material = SecretBytes.adopt(seed)) {
            byte[] wrapped = wrapper.wrap(material, aad(NAME));
            // Another process starting at the same moment may have stored its own first: use that one.
            return keys.putIfAbsent(new WrappedKeyRecord(NAME, wrapped, wrapper.description(), clock.instant()));
        } finally {
            Arrays.fill(seed, (byte) 0);
        }
    }
}
