package io.lightvibes.service.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.sealing.RecipientPrivateKey;
import io.lightvibes.service.sealing.SealSuite;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bearer tokens: the format, the hash kept, the answers to missing, malformed, wrong, rotated and revoked tokens. */
class TokenAuthenticatorTest {

    private final SecureRandom random = new SecureRandom();
    private final BearerTokens tokens = new BearerTokens(random);
    private final MemoryPeers peers = new MemoryPeers();
    private final TokenAuthenticator authenticator = new TokenAuthenticator(peers);
    private String token;

    @BeforeEach
    void register() {
        var issued = tokens.issue();
        token = issued.token();
        peers.add(new NewPeer("node-a", Set.of("admin"), issued.hash(), Optional.empty(),
                RecipientPrivateKey.generate(SealSuite.X25519, random).publicKey(), Instant.now()));
    }

    @Test
    void aTokenIsLvAnd43Base64urlCharactersAndItsHashIsSha256() {
        assertThat(token).matches("lv_[A-Za-z0-9_-]{43}");
        assertThat(tokens.issue().token()).isNotEqualTo(token);
        assertThat(TokenHash.of(token).bytes()).hasSize(32);
        assertThat(TokenHash.of(token).matches(TokenHash.of(token))).isTrue();
        assertThat(TokenHash.of(token).matches(TokenHash.of(token + "x"))).isFalse();
    }

    @Test
    void neitherTheIssuedTokenNorItsHashPrintsItself() {
        var issued = tokens.issue();
        assertThat(issued.toString()).doesNotContain(issued.token()).contains("hidden");
        assertThat(issued.hash().toString()).contains("hidden");
    }

    @Test
    void theRightTokenIsItsPeerWithItsRoles() {
        Principal caller = authenticator.authenticate(Optional.of("Bearer " + token));
        assertThat(caller.peerId()).isEqualTo("node-a");
        assertThat(caller.hasRole("admin")).isTrue();
        assertThat(caller.authenticated()).isTrue();
        assertThat(authenticator.authenticate(Optional.of("bearer " + token)).peerId()).isEqualTo("node-a");
    }

    @Test
    void noHeaderIsAChallengeThatSaysWhatToSend() {
        assertThatThrownBy(() -> authenticator.authenticate(Optional.empty()))
                .isInstanceOfSatisfying(UnauthenticatedException.class,
                        e -> assertThat(e.challenge()).isEqualTo(TokenAuthenticator.CHALLENGE))
                .hasMessageContaining("Authorization: Bearer");
    }

    @Test
    void anotherSchemeIsRefused() {
        assertThatThrownBy(() -> authenticator.authenticate(Optional.of("Basic bm9kZS1hOnNlY3JldA==")))
                .isInstanceOf(UnauthenticatedException.class).hasMessageContaining("Bearer scheme")
                .hasMessageNotContaining("bm9kZS1h");
    }

    @Test
    void aMalformedTokenIsRefusedWithoutEchoingIt() {
        String almost = token.substring(0, 40);
        assertThatThrownBy(() -> authenticator.authenticate(Optional.of("Bearer " + almost)))
                .isInstanceOfSatisfying(UnauthenticatedException.class,
                        e -> assertThat(e.challenge()).isEqualTo(TokenAuthenticator.INVALID))
                .hasMessageContaining("malformed").hasMessageNotContaining(almost);
    }

    @Test
    void aWellFormedUnknownTokenIsRefusedWithoutEchoingIt() {
        String other = tokens.issue().token();
        assertThatThrownBy(() -> authenticator.authenticate(Optional.of("Bearer " + other)))
                .isInstanceOf(UnauthenticatedException.class).hasMessageContaining("not accepted")
                .hasMessageNotContaining(other);
    }

    @Test
    void aRotatedTokenStopsWorkingAndTheNewOneWorks() {
        var fresh = tokens.issue();
        assertThat(peers.replaceToken("node-a", fresh.hash())).isTrue();
        assertThatThrownBy(() -> authenticator.authenticate(Optional.of("Bearer " + token)))
                .isInstanceOf(UnauthenticatedException.class);
        assertThat(authenticator.authenticate(Optional.of("Bearer " + fresh.token())).peerId()).isEqualTo("node-a");
    }

    @Test
    void aRevokedPeersTokenIsRefused() {
        assertThat(peers.revoke("node-a", Instant.now())).isTrue();
        assertThatThrownBy(() -> authenticator.authenticate(Optional.of("Bearer " + token)))
                .isInstanceOf(UnauthenticatedException.class);
    }
}
