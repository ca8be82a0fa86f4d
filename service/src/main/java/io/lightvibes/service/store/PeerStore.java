package io.lightvibes.service.store;

import io.lightvibes.service.identity.NewPeer;
import io.lightvibes.service.identity.PeerRecord;
import io.lightvibes.service.identity.PeerRegistry;
import io.lightvibes.service.identity.Principal;
import io.lightvibes.service.identity.RegisteredPeer;
import io.lightvibes.service.identity.TokenHash;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@link PeerRegistry} on the store's database ({@link JdbcKeyStore#peers()}): the same backend,
 * transactions and error translation as the key store, so a peer added on one replica is seen by
 * every other at its next request and a revocation takes effect at once.
 */
public final class PeerStore implements PeerRegistry {

    private final StoreCalls calls;
    private final PeerTransactions peers = new PeerTransactions();

    PeerStore(Supplier<Backend> backend, StoreErrors errors) {
        this.calls = new StoreCalls(backend, errors);
    }

    @Override
    public void add(NewPeer peer) {
        Micros.of(peer.createdAt());
        write("add a peer", connection -> {
            peers.insert(connection, peer);
            return null;
        });
    }

    @Override
    public List<PeerRecord> list() {
        return read("list the peers", peers::list);
    }

    @Override
    public Optional<PeerRecord> find(String peerId) {
        return read("read a peer", connection -> peers.find(connection, peerId));
    }

    @Override
    public Optional<RegisteredPeer> active(String peerId) {
        return read("read a peer", connection -> peers.active(connection, peerId));
    }

    @Override
    public boolean revoke(String peerId, Instant now) {
        Micros.of(now);
        return write("revoke a peer", connection -> peers.revoke(connection, peerId, now));
    }

    @Override
    public boolean replaceToken(String peerId, TokenHash tokenHash) {
        return write("replace a peer's token", connection -> peers.replaceToken(connection, peerId, tokenHash));
    }

    @Override
    public Optional<Principal> activeByToken(TokenHash presented) {
        return read("authenticate a token", connection -> peers.activeByToken(connection, presented));
    }

    @Override
    public Optional<Principal> activeBySubject(String subject) {
        return read("authenticate a certificate", connection -> peers.activeBySubject(connection, subject));
    }

    private <T> T write(String doing, Transaction<T> body) {
        return calls.write(doing, body);
    }

    private <T> T read(String doing, Transaction<T> body) {
        return calls.read(doing, body);
    }
}
