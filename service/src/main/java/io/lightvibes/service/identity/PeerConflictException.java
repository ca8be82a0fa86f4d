package io.lightvibes.service.identity;

/** A peer cannot be registered: its name or certificate subject belongs to another (or a revoked) peer. */
public final class PeerConflictException extends RuntimeException {

    public PeerConflictException(String message) {
        super(message);
    }
}
