package io.lightvibes.sim.photonics;

import java.util.List;

/**
 * Alice's three intensity settings, in the order Lim et al. (Phys. Rev. A 89, 022307, 2014) call
 * mu_1 &gt; mu_2 &gt; mu_3. {@link #index()} is the byte recorded per detection.
 */
public enum Intensity {
    /** The signal state, mean photon number mu. */
    SIGNAL,
    /** The weak decoy, mean photon number nu. */
    DECOY,
    /** The vacuum (or near-vacuum) decoy. */
    VACUUM;

    private static final List<Intensity> ALL = List.of(values());

    /** The index used in per-intensity arrays and in the detection records (0, 1, 2). */
    public int index() {
        return ordinal();
    }

    /** All three, in index order. */
    public static List<Intensity> all() {
        return ALL;
    }

    /** The intensity recorded as {@code index}. */
    public static Intensity ofIndex(int index) {
        if (index < 0 || index >= ALL.size()) {
            throw new IllegalArgumentException("an intensity index is 0, 1 or 2, not " + index);
        }
        return ALL.get(index);
    }
}
