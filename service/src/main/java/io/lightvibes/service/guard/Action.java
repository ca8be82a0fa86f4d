package io.lightvibes.service.guard;

import java.util.Optional;

/**
 * What a request asks to do, as policies name it ({@code "CreateSession"} ...). Every guarded
 * endpoint maps to exactly one action; health, readiness, metrics and the OpenAPI document are not
 * guarded.
 */
public enum Action {
    /** {@code POST /lightvibes/session}. */
    CREATE_SESSION("CreateSession"),
    /** {@code GET /lightvibes/key/{key_ref}}. */
    FETCH_KEY("FetchKey"),
    /** {@code DELETE /lightvibes/session/{session_id}}. */
    REVOKE_SESSION("RevokeSession"),
    /** {@code GET /lightvibes/session/{session_id}}: a session's state, no key material. */
    READ_SESSION("ReadSession"),
    /** Everything under {@code /lightvibes/evidence}, including signing a checkpoint now. */
    READ_EVIDENCE("ReadEvidence"),
    /** {@code POST /lightvibes/admin/link}: the link's drills and restore. */
    ADMIN_LINK("AdminLink");

    private final String policyName;

    Action(String policyName) {
        this.policyName = policyName;
    }

    /** The name policies use, e.g. {@code CreateSession}. */
    public String policyName() {
        return policyName;
    }

    /** The action a policy spells {@code name}, if there is one (exact case). */
    public static Optional<Action> named(String name) {
        for (Action action : values()) {
            if (action.policyName.equals(name)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return policyName;
    }
}
