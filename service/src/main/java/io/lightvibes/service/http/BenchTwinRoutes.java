package io.lightvibes.service.http;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightvibes.service.keys.SessionRequest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bare twins of the two seed routes, for load figures only ({@code LIGHTVIBES_BENCH_TWINS=true}):
 * the same request parsing and an answer of the same shape and size, but no key source, no sealing
 * and no store. Our route divided by its twin is what the key service itself costs. Mounted at
 * {@code /bench}.
 */
public final class BenchTwinRoutes implements HttpService {

    private static final byte[] SESSION;
    private static final byte[] KEY;

    static {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("session_id", "00000000-0000-4000-8000-000000000000");
        session.put("key_ref", "A".repeat(32));
        session.put("health", Views.health(java.util.OptionalDouble.empty(), 0.0));
        session.put("mode", "PQC");
        session.put("ttl_s", 120);
        session.put("expires_at", "2026-01-01T00:00:00Z");
        session.put("key_bits", 256);
        session.put("seal", Map.of("suite", "x25519", "recipient_key_id", "0".repeat(32)));
        SESSION = Json.write(session);
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("key_ref", "A".repeat(32));
        // An x25519 seal of a 256-bit key is 80 raw bytes.
        key.put("key_sealed", Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[80]));
        key.put("ttl_s", 120);
        key.put("mode", "PQC");
        key.put("seal", Map.of("suite", "x25519", "recipient_key_id", "0".repeat(32)));
        KEY = Json.write(key);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/session", this::open).get("/key/{key_ref}", this::fetch);
    }

    /** {@code curl -s -X POST 127.0.0.1:8000/bench/session -H 'content-type: application/json' -d '{"peer_id": "b"}'} */
    private void open(ServerRequest req, ServerResponse res) {
        SessionRequest parsed = SessionRequestParser.parse(Bodies.json(req));
        res.status(parsed.minKeybits() > 0 ? Status.CREATED_201 : Status.INTERNAL_SERVER_ERROR_500);
        res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json");
        res.send(SESSION);
    }

    /** {@code curl -s 127.0.0.1:8000/bench/key/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA} */
    private void fetch(ServerRequest req, ServerResponse res) {
        String keyRef = req.path().pathParameters().get("key_ref");
        res.status(keyRef.length() == 32 ? Status.OK_200 : Status.NOT_FOUND_404);
        res.header(io.helidon.http.HeaderNames.CONTENT_TYPE, "application/json");
        res.send(KEY);
    }
}
