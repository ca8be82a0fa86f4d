package io.lightvibes.service.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.identity.Principal;
import io.lightvibes.service.testing.MutableClock;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Cedar's decision rule in CEL: default deny, forbid wins, errors never help the caller; every variable is bound. */
class GuardTest {

    private static final Principal ALICE = Principal.peer("alice", Set.of("auditor"));
    private static final RequestContext REMOTE = RequestContext.from(InetSocketAddress.createUnresolved("192.0.2.7", 1));

    private final MutableClock clock = new MutableClock();
    private final List<Denial> recorded = new ArrayList<>();

    private Guard guard(String... policies) {
        return new Guard(Policies.parse("test.policy", "{\"policies\": [" + String.join(",", policies) + "]}"),
                recorded::add, Optional.empty(), clock, 120);
    }

    private static String permit(String id, String actions, String when) {
        return "{\"id\": \"" + id + "\", \"effect\": \"permit\", \"actions\": [" + actions + "], \"when\": \"" + when + "\"}";
    }

    private static String forbid(String id, String actions, String when) {
        return "{\"id\": \"" + id + "\", \"effect\": \"forbid\", \"actions\": [" + actions + "], \"when\": \"" + when
                + "\", \"reason\": \"Because " + id + ".\"}";
    }

    private Decision fetch(Guard guard, String keyRef) {
        return guard.decide(ALICE, Action.FETCH_KEY, Resource.key(keyRef), REMOTE);
    }

    @Test
    void nothingIsPermittedThatNoPolicyPermits() {
        Guard guard = guard(permit("evidence", "\"ReadEvidence\"", "true"));
        assertThat(fetch(guard, "kr")).isEqualTo(new Decision.Denied(Optional.empty(),
                "No policy permits FetchKey for peer 'alice'."));
    }

    @Test
    void aForbidThatHoldsWinsOverEveryPermitWhereverItIsListed() {
        Guard guard = guard(permit("all", "\"*\"", "true"), forbid("blocked-refs", "\"FetchKey\"",
                "resource.type == 'key' && resource.id.startsWith('blocked')"), permit("fetch", "\"FetchKey\"", "true"));
        assertThat(fetch(guard, "open-1")).isEqualTo(new Decision.Allowed("all"));
        assertThat(fetch(guard, "blocked-1")).isEqualTo(new Decision.Denied(Optional.of("blocked-refs"),
                "Policy 'blocked-refs' forbids FetchKey: Because blocked-refs."));
    }

    @Test
    void aForbidThatCannotBeEvaluatedDeniesAndAPermitThatCannotDoesNotPermit() {
        // FetchKey carries no ttl_s (0): the division fails at run time, not at type-checking.
        Guard failingForbid = guard(permit("all", "\"*\"", "true"),
                forbid("divides", "\"FetchKey\"", "context.min_keybits / context.ttl_s > 1"));
        assertThat(fetch(failingForbid, "kr")).isEqualTo(new Decision.Denied(Optional.of("divides"),
                "Policy 'divides' could not be evaluated for this request, so FetchKey is refused (fail closed)."));
        Guard failingPermit = guard(permit("divides", "\"FetchKey\"", "100 / context.ttl_s > 1"));
        assertThat(fetch(failingPermit, "kr")).isInstanceOf(Decision.Denied.class)
                .extracting(decision -> ((Decision.Denied) decision).policyId()).isEqualTo(Optional.empty());
    }

    @Test
    void conditionsSeeThePrincipalTheActionTheSourceAndTheTime() {
        Guard guard = guard(permit("auditors", "\"*\"",
                        "'auditor' in principal.roles && principal.id == 'alice' && principal.authenticated"),
                forbid("after-hours", "\"*\"", "context.time >= timestamp('2026-11-28T12:00:00Z')"),
                forbid("documentation-net", "\"AdminLink\"", "context.source_address.startsWith('192.0.2.')"),
                forbid("no-revoke", "\"*\"", "action == 'RevokeSession'"));
        assertThat(fetch(guard, "kr")).isEqualTo(new Decision.Allowed("auditors"));
        assertThat(guard.decide(ALICE, Action.ADMIN_LINK, Resource.LINK, REMOTE)).isInstanceOf(Decision.Denied.class)
                .hasToString(new Decision.Denied(Optional.of("documentation-net"),
                        "Policy 'documentation-net' forbids AdminLink: Because documentation-net.").toString());
        assertThat(guard.decide(ALICE, Action.REVOKE_SESSION, Resource.session("s"), REMOTE))
                .extracting(decision -> ((Decision.Denied) decision).policyId()).isEqualTo(Optional.of("no-revoke"));
        clock.advance(Duration.ofHours(2));
        assertThat(fetch(guard, "kr")).extracting(decision -> ((Decision.Denied) decision).policyId())
                .isEqualTo(Optional.of("after-hours"));
        assertThat(guard.decide(Principal.peer("bob", Set.of()), Action.READ_EVIDENCE, Resource.evidence("key"),
                REMOTE)).isInstanceOf(Decision.Denied.class);
    }

    @Test
    void checkRecordsTheRefusalAndThrowsItAndARecordThatFailsLeavesTheRefusalStanding() {
        Guard guard = guard(forbid("nobody", "\"*\"", "true"));
        assertThatThrownBy(() -> guard.check(ALICE, Action.FETCH_KEY, Resource.key("kr"), REMOTE))
                .isInstanceOf(GuardDeniedException.class).hasMessage("Policy 'nobody' forbids FetchKey: Because nobody.");
        assertThat(recorded).containsExactly(new Denial(ALICE, Action.FETCH_KEY, Resource.key("kr"),
                new Decision.Denied(Optional.of("nobody"), "Policy 'nobody' forbids FetchKey: Because nobody.")));

        Guard unrecorded = new Guard(guard.policies(), denial -> {
            throw new IllegalStateException("store down");
        }, Optional.empty(), clock, 120);
        assertThatThrownBy(() -> unrecorded.check(ALICE, Action.FETCH_KEY, Resource.key("kr"), REMOTE))
                .isInstanceOf(GuardDeniedException.class);
    }

    @Test
    void anAllowedRequestPassesAndRecordsNothing() {
        Guard guard = guard(permit("all", "\"*\"", "true"));
        guard.check(ALICE, Action.ADMIN_LINK, Resource.LINK, REMOTE);
        assertThat(recorded).isEmpty();
    }
}
