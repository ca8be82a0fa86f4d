package io.lightvibes.sim.postprocess;

/** The two ends of a QKD link. */
public enum Role {
    ALICE,
    BOB;

    /** The other end. */
    public Role other() {
        return this == ALICE ? BOB : ALICE;
    }
}
