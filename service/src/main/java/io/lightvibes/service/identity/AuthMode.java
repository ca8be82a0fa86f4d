package io.lightvibes.service.identity;

import java.util.Locale;

/** How callers prove who they are ({@code LIGHTVIBES_AUTH}). */
public enum AuthMode {
    /** Nobody is asked: every caller is the local operator. Loopback only unless explicitly overridden. */
    NONE,
    /** {@code Authorization: Bearer TOKEN}, a token that {@code lightvibes peers add} printed once. */
    TOKEN,
    /** A client certificate, verified in the TLS handshake (or by a trusted gateway), names the peer. */
    MTLS;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
