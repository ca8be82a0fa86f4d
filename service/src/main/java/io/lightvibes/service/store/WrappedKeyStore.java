package io.lightvibes.service.store;

import java.util.Optional;

/** Where wrapped key material is kept by name ({@code wrapped_keys}): the first one stored for a name stays. */
public interface WrappedKeyStore {

    /** The blob stored under {@code name}, if any. */
    Optional<WrappedKeyRecord> find(String name);

    /**
     * Stores {@code record} unless its name is taken, and returns what the name holds afterwards:
     * {@code record}, or the one another process stored first (so racing starts agree on one key).
     */
    WrappedKeyRecord putIfAbsent(WrappedKeyRecord record);
}
