package io.lightvibes.service.etsi;

import io.lightvibes.service.secrets.SecretBytes;
import java.util.Objects;

/**
 * One key of a Key container: its key_ID and the key itself, for the one answer that carries it
 * (close it once the answer is written).
 */
public record EtsiKey(String keyId, SecretBytes key) implements AutoCloseable {

    public EtsiKey {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public void close() {
        key.close();
    }
}
