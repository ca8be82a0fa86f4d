package io.lightvibes.service.guard;

import static org.assertj.core.api.Assertions.assertThat;

import io.lightvibes.service.identity.Principal;
import io.lightvibes.service.keys.Fallback;
import io.lightvibes.service.keys.SessionRequest;
import io.lightvibes.service.testing.MutableClock;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every rule of the built-in default set, allowing and denying; together the cases decide by every policy. */
class DefaultPoliciesTest {

    private static final Guard GUARD = Guard.defaults(new MutableClock(), 120);
    private static final Set<String> DECIDED_BY = new HashSet<>();

    private static final Principal ADMIN = Principal.peer("ops-1", Set.of(Principal.ADMIN));
    private static final Principal ALICE = Principal.peer("alice", Set.of());
    private static final Principal LOCAL = Principal.local();
    /** Not a principal the identity layer makes today; the defaults must not let it do anything but read evidence. */
    private static final Principal STRANGER = new Principal("stranger", Set.of(Principal.ADMIN), false);

    private static final RequestContext LOOPBACK = RequestContext.from(new InetSocketAddress("127.0.0.1", 4000));
    private static final RequestContext REMOTE = RequestContext.from(InetSocketAddress.createUnresolved("192.0.2.7", 4000));

    private static RequestContext session(String peer, int bits, OptionalInt ttlS) {
        var request = new SessionRequest(peer, bits, ttlS, Fallback.PQC);
        return new RequestContext(request.minKeybits(), request.ttlS(), request.fallback().name(), request.peerId(),
                REMOTE.sourceAddress(), false);
    }

    private static RequestContext session(int bits, int ttlS) {
        return session("node-b", bits, OptionalInt.of(ttlS));
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // AdminLink: the admin role; the local operator only on loopback.
                Arguments.of(ADMIN, Action.ADMIN_LINK, Resource.LINK, REMOTE, "admin-link-admins", true),
                Arguments.of(ALICE, Action.ADMIN_LINK, Resource.LINK, LOOPBACK, "", false),
                Arguments.of(LOCAL, Action.ADMIN_LINK, Resource.LINK, LOOPBACK, "admin-link-admins", true),
                Arguments.of(LOCAL, Action.ADMIN_LINK, Resource.LINK, REMOTE, "admin-link-local-operator-on-loopback", false),
                Arguments.of(STRANGER, Action.ADMIN_LINK, Resource.LINK, REMOTE, "admin-link-local-operator-on-loopback",
                        false),
                // CreateSession: authenticated peers and the local operator, within the ceilings.
                Arguments.of(ALICE, Action.CREATE_SESSION, Resource.NEW_SESSION, session(256, 120), "create-session-peers",
                        true),
                Arguments.of(LOCAL, Action.CREATE_SESSION, Resource.NEW_SESSION, session(256, 120),
                        "create-session-peers", true),
                Arguments.of(STRANGER, Action.CREATE_SESSION, Resource.NEW_SESSION, session(256, 120), "", false),
                Arguments.of(ALICE, Action.CREATE_SESSION, Resource.NEW_SESSION, session(4096, 3600),
                        "create-session-peers", true),
                Arguments.of(ALICE, Action.CREATE_SESSION, Resource.NEW_SESSION, session(4104, 120),
                        "session-key-bits-ceiling", false),
                Arguments.of(LOCAL, Action.CREATE_SESSION, Resource.NEW_SESSION, session(8192, 120),
                        "session-key-bits-ceiling", false),
                Arguments.of(ALICE, Action.CREATE_SESSION, Resource.NEW_SESSION, session(256, 3601), "session-ttl-ceiling",
                        false),
                Arguments.of(ALICE, Action.CREATE_SESSION, Resource.NEW_SESSION,
                        session("node-b", 256, OptionalInt.empty()), "create-session-peers", true),
                Arguments.of(ALICE, Action.CREATE_SESSION, Resource.NEW_SESSION,
                        session("alice", 256, OptionalInt.of(120)), "session-not-with-oneself", false),
                Arguments.of(LOCAL, Action.CREATE_SESSION, Resource.NEW_SESSION,
                        session("local", 256, OptionalInt.of(120)), "create-session-peers", true),
                // FetchKey, ReadSession, RevokeSession: any caller the identity layer let in; parties are the key service's.
                Arguments.of(ALICE, Action.FETCH_KEY, Resource.key("kr"), REMOTE, "fetch-key-peers", true),
                Arguments.of(LOCAL, Action.FETCH_KEY, Resource.key("kr"), LOOPBACK, "fetch-key-peers", true),
                Arguments.of(STRANGER, Action.FETCH_KEY, Resource.key("kr"), REMOTE, "", false),
                Arguments.of(ALICE, Action.READ_SESSION, Resource.session("s"), REMOTE, "session-state-peers", true),
                Arguments.of(LOCAL, Action.REVOKE_SESSION, Resource.session("s"), LOOPBACK, "session-state-peers", true),
                Arguments.of(STRANGER, Action.REVOKE_SESSION, Resource.session("s"), REMOTE, "", false),
                // ReadEvidence: public to auditors.
                Arguments.of(STRANGER, Action.READ_EVIDENCE, Resource.evidence("entries"), REMOTE,
                        "read-evidence-everyone", true),
                Arguments.of(ALICE, Action.READ_EVIDENCE, Resource.evidence("checkpoint"), REMOTE,
                        "read-evidence-everyone", true));
    }

    @ParameterizedTest(name = "{0} {1} -> {4}")
    @MethodSource("cases")
    void theDefaultSetDecides(Principal who, Action action, Resource resource, RequestContext context, String policy,
            boolean allowed) {
        Decision decision = GUARD.decide(who, action, resource, context);
        if (allowed) {
            assertThat(decision).isEqualTo(new Decision.Allowed(policy));
        } else {
            assertThat(decision).isInstanceOf(Decision.Denied.class);
            var denied = (Decision.Denied) decision;
            assertThat(denied.policyId()).isEqualTo(policy.isEmpty() ? Optional.empty() : Optional.of(policy));
            assertThat(denied.detail()).contains(policy.isEmpty() ? "No policy permits " + action : "'" + policy + "'");
        }
        DECIDED_BY.add(policy);
    }

    @AfterAll
    static void everyDefaultPolicyDecidedSomeCase() {
        List<String> ids = GUARD.policies().policies().stream().map(Policy::id).toList();
        assertThat(DECIDED_BY).containsAll(ids).contains("");
    }

    @org.junit.jupiter.api.Test
    void aMissingTtlIsTheDeploymentsDefaultAndMeetsTheCeilingToo() {
        Guard longDefault = Guard.defaults(new MutableClock(), 7200);
        Decision decision = longDefault.decide(ALICE, Action.CREATE_SESSION, Resource.NEW_SESSION,
                session("node-b", 256, OptionalInt.empty()));
        assertThat(decision).isEqualTo(new Decision.Denied(Optional.of("session-ttl-ceiling"),
                "Policy 'session-ttl-ceiling' forbids CreateSession: A key waits at most 3600 s for delivery; ask for a "
                        + "shorter policy.ttl_s."));
    }
}
