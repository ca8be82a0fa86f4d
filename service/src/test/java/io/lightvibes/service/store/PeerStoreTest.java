package io.lightvibes.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.identity.BearerTokens;
import io.lightvibes.service.identity.CertificateSubjects;
import io.lightvibes.service.identity.NewPeer;
import io.lightvibes.service.identity.PeerConflictException;
import io.lightvibes.service.identity.PeerRecord;
import io.lightvibes.service.identity.PeerStatus;
import io.lightvibes.service.identity.TokenHash;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.RecipientPublicKey;
import io.lightvibes.service.sealing.SealSuite;
import io.lightvibes.service.store.TestDatabases.Database;
import io.lightvibes.service.store.TestDatabases.Engine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The peer registry on SQLite (always) and PostgreSQL (when {@value TestDatabases#POSTGRES_URL_VARIABLE} is set). */
class PeerStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123456Z");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SUBJECT = CertificateSubjects.canonical("CN=node-a, O=Example");

    @RegisterExtension
    final TestDatabases databases = new TestDatabases();

    private final BearerTokens tokens = new BearerTokens(RANDOM);

    private static RecipientPublicKey key(SealSuite suite) {
        return RecipientPrivateKey.generate(suite, RANDOM).publicKey();
    }

    private static NewPeer peer(String name, TokenHash hash, Optional<String> subject, RecipientPublicKey key) {
        return new NewPeer(name, Set.of("admin", "ops"), hash, subject, key, T0);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void anAddedPeerIsActiveWithItsKeyRolesSubjectAndToken(Engine engine) {
        PeerStore peers = databases.openStore(engine).peers();
        var token = tokens.issue();
        RecipientPublicKey key = key(SealSuite.MLKEM768_X25519);
        peers.add(peer("node-a", token.hash(), Optional.of(SUBJECT), key));

        var active = peers.active("node-a").orElseThrow();
        assertThat(active.recipientKey()).isEqualTo(key);
        assertThat(active.roles()).containsExactlyInAnyOrder("admin", "ops");
        assertThat(active.certSubject()).contains(SUBJECT);
        assertThat(peers.activeByToken(TokenHash.of(token.token())).orElseThrow().peerId()).isEqualTo("node-a");
        assertThat(peers.activeBySubject(SUBJECT).orElseThrow().roles()).contains("admin");
        assertThat(peers.activeByToken(TokenHash.of(tokens.issue().token()))).isEmpty();
        assertThat(peers.activeBySubject(CertificateSubjects.canonical("CN=node-b"))).isEmpty();

        PeerRecord listed = peers.find("node-a").orElseThrow();
        assertThat(listed.status()).isEqualTo(PeerStatus.ACTIVE);
        assertThat(listed.hasToken()).isTrue();
        assertThat(listed.createdAt()).isEqualTo(T0);
        assertThat(listed.revokedAt()).isEmpty();
        assertThat(listed.recipientKeys()).extracting(PeerRecord.RecipientKey::publicKey).containsExactly(key);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void unknownPeersAreEmptyAnswers(Engine engine) {
        PeerStore peers = databases.openStore(engine).peers();
        assertThat(peers.active("nobody")).isEmpty();
        assertThat(peers.find("nobody")).isEmpty();
        assertThat(peers.revoke("nobody", T0)).isFalse();
        assertThat(peers.replaceToken("nobody", tokens.issue().hash())).isFalse();
        assertThat(peers.list()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aRevokedPeerAuthenticatesNoMoreAndHasNoKeyToDeliverTo(Engine engine) {
        PeerStore peers = databases.openStore(engine).peers();
        var token = tokens.issue();
        peers.add(peer("node-a", token.hash(), Optional.of(SUBJECT), key(SealSuite.X25519)));

        assertThat(peers.revoke("node-a", T0.plusSeconds(5))).isTrue();
        assertThat(peers.revoke("node-a", T0.plusSeconds(6))).isFalse();
        assertThat(peers.active("node-a")).isEmpty();
        assertThat(peers.activeByToken(TokenHash.of(token.token()))).isEmpty();
        assertThat(peers.activeBySubject(SUBJECT)).isEmpty();
        assertThat(peers.replaceToken("node-a", tokens.issue().hash())).isFalse();
        PeerRecord revoked = peers.find("node-a").orElseThrow();
        assertThat(revoked.status()).isEqualTo(PeerStatus.REVOKED);
        assertThat(revoked.hasToken()).isFalse();
        assertThat(revoked.revokedAt()).contains(T0.plusSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aReplacedTokenStopsAuthenticatingAtOnce(Engine engine) {
        PeerStore peers = databases.openStore(engine).peers();
        var first = tokens.issue();
        peers.add(peer("node-a", first.hash(), Optional.empty(), key(SealSuite.X25519)));
        var second = tokens.issue();
        assertThat(peers.replaceToken("node-a", second.hash())).isTrue();
        assertThat(peers.activeByToken(TokenHash.of(first.token()))).isEmpty();
        assertThat(peers.activeByToken(TokenHash.of(second.token())).orElseThrow().peerId()).isEqualTo("node-a");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void namesAndSubjectsAreNeverReusedNotEvenAfterARevocation(Engine engine) {
        PeerStore peers = databases.openStore(engine).peers();
        peers.add(peer("node-a", tokens.issue().hash(), Optional.of(SUBJECT), key(SealSuite.X25519)));
        peers.revoke("node-a", T0);
        assertThatThrownBy(() -> peers.add(peer("node-a", tokens.issue().hash(), Optional.empty(), key(SealSuite.X25519))))
                .isInstanceOf(PeerConflictException.class).hasMessageContaining("node-a").hasMessageContaining("revoked");
        assertThatThrownBy(() -> peers.add(peer("node-b", tokens.issue().hash(), Optional.of(SUBJECT),
                key(SealSuite.X25519))))
                .isInstanceOf(PeerConflictException.class).hasMessageContaining(SUBJECT).hasMessageContaining("node-a");
        assertThat(peers.list()).extracting(PeerRecord::peerId).containsExactly("node-a");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theListIsOrderedByNameAndPeersWithoutSubjectsCoexist(Engine engine) {
        PeerStore peers = databases.openStore(engine).peers();
        for (String name : List.of("zeta", "alpha", "mid.peer:1")) {
            peers.add(peer(name, tokens.issue().hash(), Optional.empty(), key(SealSuite.X25519)));
        }
        assertThat(peers.list()).extracting(PeerRecord::peerId).containsExactly("alpha", "mid.peer:1", "zeta");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void deliveryUsesTheNewestRecipientKey(Engine engine) throws Exception {
        Database database = databases.create(engine);
        JdbcKeyStore opened = databases.newStore(database);
        opened.open();
        RecipientPublicKey first = key(SealSuite.X25519);
        opened.peers().add(peer("node-a", tokens.issue().hash(), Optional.empty(), first));
        RecipientPublicKey newer = key(SealSuite.X25519);
        try (Connection connection = TestDatabases.connect(database); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO peer_recipient_keys (peer_id, key_id, suite, public_key, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, "node-a");
            insert.setString(2, newer.keyId());
            insert.setString(3, newer.suite().wireName());
            insert.setBytes(4, newer.publicBytes());
            insert.setLong(5, Micros.of(T0.plusSeconds(60)));
            insert.executeUpdate();
        }
        assertThat(opened.peers().active("node-a").orElseThrow().recipientKey()).isEqualTo(newer);
        assertThat(opened.peers().find("node-a").orElseThrow().recipientKeys())
                .extracting(PeerRecord.RecipientKey::publicKey).containsExactly(newer, first);
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theRegistryOfAStoreNotOpenedSaysSo(Engine engine) {
        PeerStore peers = databases.newStore(databases.create(engine)).peers();
        assertThatThrownBy(peers::list).isInstanceOf(IllegalStateException.class).hasMessageContaining("open()");
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void aPeerAddedThroughOneStoreAuthenticatesThroughAnother(Engine engine) {
        Database database = databases.create(engine);
        JdbcKeyStore one = databases.newStore(database);
        JdbcKeyStore two = databases.newStore(database);
        one.open();
        two.open();
        var token = tokens.issue();
        one.peers().add(peer("node-a", token.hash(), Optional.empty(), key(SealSuite.X25519)));
        assertThat(two.peers().activeByToken(TokenHash.of(token.token()))).isPresent();
        one.peers().revoke("node-a", T0);
        assertThat(two.peers().activeByToken(TokenHash.of(token.token()))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void theDatabaseHoldsTheTokensHashAndThePublicKeyNeverTheToken(Engine engine) throws Exception {
        Database database = databases.create(engine);
        JdbcKeyStore store = databases.newStore(database);
        store.open();
        var token = tokens.issue();
        RecipientPublicKey key = key(SealSuite.X25519);
        store.peers().add(peer("node-a", token.hash(), Optional.of(SUBJECT), key));
        try (Connection connection = TestDatabases.connect(database);
                PreparedStatement select = connection.prepareStatement(
                        "SELECT p.token_hash, k.public_key FROM peers p JOIN peer_recipient_keys k ON k.peer_id = p.peer_id");
                ResultSet row = select.executeQuery()) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBytes(1)).isEqualTo(TokenHash.of(token.token()).bytes());
            assertThat(row.getBytes(2)).isEqualTo(key.publicBytes());
        }
        store.close();
        if (engine == Engine.SQLITE) {
            Path file = Path.of(database.url().substring("jdbc:sqlite:".length()));
            String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            String secret = token.token().substring(BearerTokens.PREFIX.length());
            byte[] decoded = Base64.getUrlDecoder().decode(secret);
            assertThat(raw).doesNotContain(secret).doesNotContain(HexFormat.of().formatHex(decoded))
                    .doesNotContain(new String(decoded, StandardCharsets.ISO_8859_1));
        }
    }
}
