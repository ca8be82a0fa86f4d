package io.lightvibes.service.pqc;

/**
 * Which library runs ML-KEM-768. Both implement FIPS 203 byte for byte (the tests check each
 * against known answers and against each other); {@link #DEFAULT} is the one JMH measured faster
 * ({@code MlKemExchangeBench} in {@code benchmarks/}).
 */
public enum MlKemProvider {
    /** Bouncy Castle's lightweight API ({@code org.bouncycastle.crypto.kems}). */
    BOUNCY_CASTLE,
    /** The JDK's {@code javax.crypto.KEM} and {@code KeyPairGenerator("ML-KEM-768")} (JEP 496). */
    JDK;

    /** The faster of the two on JDK 25 (see {@code docs/BENCHMARKS.md}). */
    public static final MlKemProvider DEFAULT = JDK;
}
