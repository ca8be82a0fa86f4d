package io.lightvibes.service.keys;

/** What a request accepts when the QKD link cannot serve it. */
public enum Fallback {
    /** Use ML-KEM-768. */
    PQC,
    /** Answer 503 with Retry-After instead. */
    NONE
}
