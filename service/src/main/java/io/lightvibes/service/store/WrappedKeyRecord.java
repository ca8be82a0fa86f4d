package io.lightvibes.service.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Key material kept at rest as a wrapped blob ({@code hsm/KeyWrapper}), never the material itself.
 *
 * @param name what the key is for, e.g. {@code evidence.signing}
 * @param wrapped the wrapper's opaque blob
 * @param wrappedBy which wrapping key made it (backend, token, label), for messages
 * @param createdAt when it was first stored
 */
public record WrappedKeyRecord(String name, byte[] wrapped, String wrappedBy, Instant createdAt) {

    public WrappedKeyRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(wrapped, "wrapped");
        Objects.requireNonNull(wrappedBy, "wrappedBy");
        Objects.requireNonNull(createdAt, "createdAt");
        if (name.isEmpty() || wrapped.length == 0) {
            throw new IllegalArgumentException("a wrapped key has a name and a non-empty blob");
        }
        wrapped = wrapped.clone();
    }

    @Override
    public byte[] wrapped() {
        return wrapped.clone();
    }

    @Override
    public String toString() {
        return "WrappedKeyRecord[" + name + ", " + wrapped.length + " bytes wrapped by " + wrappedBy + ", " + createdAt
                + "]";
    }
}
