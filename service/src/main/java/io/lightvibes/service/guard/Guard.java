package io.lightvibes.service.guard;

import io.helidon.webserver.http.Filter;
import io.lightvibes.service.identity.Callers;
import io.lightvibes.service.identity.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The ethics guard as the routes see it: {@link #check} decides a request by the policy set and
 * refuses it with a {@link GuardDeniedException} (recorded as a {@code guard.denied} entry), and
 * {@link #rateLimitFilter()} meters each peer.
 */
public final class Guard implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("lightvibes.guard");
    /** The paths the rate limit meters: the API, not health, readiness, metrics or the OpenAPI document. */
    private static final String API_PREFIX = "/lightvibes/";
    private static final String HEALTH = "/lightvibes/health";

    private final PolicySet policies;
    private final DenialLog denials;
    private final Optional<PeerRateLimits> rateLimits;
    private final Clock clock;
    private final int defaultTtlS;

    /**
     * @param policies the loaded policy set
     * @param denials where refusals are recorded
     * @param rateLimits the per-peer budgets, empty for none
     * @param clock the time policies see as {@code context.time}
     * @param defaultTtlS the deployment's TTL, which {@code context.ttl_s} is when a request names none
     */
    public Guard(PolicySet policies, DenialLog denials, Optional<PeerRateLimits> rateLimits, Clock clock,
            int defaultTtlS) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.denials = Objects.requireNonNull(denials, "denials");
        this.rateLimits = Objects.requireNonNull(rateLimits, "rateLimits");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultTtlS = defaultTtlS;
    }

    /** The built-in default policies, no recording, no rate limit (tests and tools). */
    public static Guard defaults(Clock clock, int defaultTtlS) {
        return new Guard(Policies.defaults(), DenialLog.NONE, Optional.empty(), clock, defaultTtlS);
    }

    /** What the policy set says about the request, without recording anything. */
    public Decision decide(Principal principal, Action action, Resource resource, RequestContext context) {
        return policies.decide(action, principal.peerId(), variables(principal, action, resource, context));
    }

    /**
     * Lets the request through or refuses it. A refusal is recorded first; if the record cannot be
     * written the refusal still stands (it is logged here instead): recording never turns a deny
     * into an allow, nor a 403 into a 503.
     *
     * @throws GuardDeniedException when the policies deny
     */
    public void check(Principal principal, Action action, Resource resource, RequestContext context) {
        if (decide(principal, action, resource, context) instanceof Decision.Denied denied) {
            var denial = new Denial(principal, action, resource, denied);
            LOG.log(System.Logger.Level.INFO, "guard denied {0} to peer {1} ({2})", action, principal.peerId(),
                    denied.policyId().orElse("no policy permits"));
            try {
                denials.record(denial);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "guard.denied entry not written ({0}); the refusal stands",
                        e.getClass().getSimpleName());
            }
            throw new GuardDeniedException(denial);
        }
    }

    /**
     * The routing filter that meters each authenticated peer on the API paths; it must run after
     * the authentication filter. Without a rate limit it lets everything through.
     */
    public Filter rateLimitFilter() {
        return (chain, request, response) -> {
            String path = request.path().path();
            if (rateLimits.isPresent() && path.startsWith(API_PREFIX) && !path.equals(HEALTH)) {
                rateLimits.get().admit(Callers.of(request).peerId());
            }
            chain.proceed();
        };
    }

    public PolicySet policies() {
        return policies;
    }

    /** Closes the rate limits' connection, if any. */
    @Override
    public void close() {
        rateLimits.ifPresent(PeerRateLimits::close);
    }

    private Map<String, Object> variables(Principal principal, Action action, Resource resource,
            RequestContext context) {
        Instant now = clock.instant();
        long ttlS = context.ttlS().isPresent() ? context.ttlS().getAsInt()
                : action == Action.CREATE_SESSION ? defaultTtlS : 0;
        Map<String, Object> caller = new LinkedHashMap<>();
        caller.put("id", principal.peerId());
        caller.put("roles", List.copyOf(new java.util.TreeSet<>(principal.roles())));
        caller.put("authenticated", principal.authenticated());
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("min_keybits", context.minKeybits());
        facts.put("ttl_s", ttlS);
        facts.put("fallback", context.fallback());
        facts.put("requested_peer", context.requestedPeer());
        facts.put("source_address", context.sourceAddress());
        facts.put("source_loopback", context.sourceLoopback());
        facts.put("time", now);
        return Map.of("principal", Map.copyOf(caller), "action", action.policyName(),
                "resource", Map.of("type", resource.type(), "id", resource.id()), "context", Map.copyOf(facts));
    }
}
