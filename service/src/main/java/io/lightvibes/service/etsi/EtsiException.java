package io.lightvibes.service.etsi;

import java.util.List;
import java.util.Map;

/**
 * A refusal as ETSI GS QKD 014 §5.1 answers it: 400 (bad request format), 401 (unauthorized) or
 * 503 (error on the server side), with the Error body {@code {"message", "details"}}.
 */
public final class EtsiException extends RuntimeException {

    private final int status;
    private final List<Map<String, String>> details;
    private final int retryAfterS;

    private EtsiException(int status, String message, List<Map<String, String>> details, int retryAfterS) {
        super(message, null, false, false);
        this.status = status;
        this.details = List.copyOf(details);
        this.retryAfterS = retryAfterS;
    }

    public static EtsiException badRequest(String message, String... detailPairs) {
        return new EtsiException(400, message, details(detailPairs), 0);
    }

    public static EtsiException unauthorized(String message) {
        return new EtsiException(401, message, List.of(), 0);
    }

    public static EtsiException unavailable(String message, int retryAfterS) {
        return new EtsiException(503, message, List.of(), retryAfterS);
    }

    public int status() {
        return status;
    }

    /** Each detail is one object of name/value strings (the spec leaves their members open). */
    public List<Map<String, String>> details() {
        return details;
    }

    /** Seconds to wait, for a 503; 0 otherwise. */
    public int retryAfterS() {
        return retryAfterS;
    }

    private static List<Map<String, String>> details(String... pairs) {
        if (pairs.length == 0) {
            return List.of();
        }
        java.util.LinkedHashMap<String, String> detail = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            detail.put(pairs[i], pairs[i + 1]);
        }
        return List.of(java.util.Collections.unmodifiableMap(detail));
    }
}
