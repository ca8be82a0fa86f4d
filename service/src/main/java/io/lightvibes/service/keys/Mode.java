package io.lightvibes.service.keys;

/** Where a session's key bits came from. */
public enum Mode {
    /** Bits from the QKD link's pool. */
    QMK,
    /** Bits from an ML-KEM-768 exchange between the link's two ends. */
    PQC
}
