package io.lightvibes.service.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightvibes.service.guard.Action;
import io.lightvibes.service.guard.Guard;
import io.lightvibes.service.guard.RequestContext;
import io.lightvibes.service.guard.Resource;
import io.lightvibes.service.identity.Callers;
import io.lightvibes.service.keys.EvidenceLog;
import io.lightvibes.service.store.StoredCheckpoint;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything an auditor needs to verify the log offline ({@code lightvibes evidence verify}): the
 * signed checkpoint, the verifier key, the entries as their exact leaf bytes, RFC 9162 proofs.
 * Mounted at {@code /lightvibes/evidence}. With the log turned off every route is a 404 saying so.
 */
public final class EvidenceRoutes implements HttpService {

    private final Optional<EvidenceLog> log;
    private final Guard guard;

    public EvidenceRoutes(Optional<EvidenceLog> log, Guard guard) {
        this.log = log;
        this.guard = java.util.Objects.requireNonNull(guard, "guard");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.any(this::guarded)
                .get("/checkpoint", this::latest)
                .post("/checkpoint", this::signNow)
                .any("/checkpoint", MethodNotAllowed.allowing("GET, POST"))
                .get("/checkpoints", this::checkpoints)
                .get("/key", this::key)
                .get("/entries", this::entries)
                .get("/proof/inclusion", this::inclusion)
                .get("/proof/consistency", this::consistency);
    }

    /** Every evidence route is {@code ReadEvidence} on the part of the log it names. */
    private void guarded(ServerRequest req, ServerResponse res) {
        String part = req.path().path().replaceFirst("^/lightvibes/evidence/?", "");
        guard.check(Callers.of(req), Action.READ_EVIDENCE, Resource.evidence(part), RequestContext.of(req));
        res.next();
    }

    private EvidenceLog log() {
        return log.orElseThrow(() -> new EvidenceOffException(
                "The evidence log is turned off on this server (LIGHTVIBES_EVIDENCE_ENABLED=false)."));
    }

    /** {@code curl -s 127.0.0.1:8000/lightvibes/evidence/checkpoint > saved.checkpoint} */
    private void latest(ServerRequest req, ServerResponse res) {
        text(res, log().latestCheckpoint().note());
    }

    /** {@code curl -s -X POST 127.0.0.1:8000/lightvibes/evidence/checkpoint}: sign one now. */
    private void signNow(ServerRequest req, ServerResponse res) {
        text(res, log().checkpoint().note());
    }

    /** {@code curl -s '127.0.0.1:8000/lightvibes/evidence/checkpoints?start=0&limit=1000'} */
    private void checkpoints(ServerRequest req, ServerResponse res) {
        long start = QueryParameters.optional(req.query(), "start", 0, 0);
        long limit = QueryParameters.optional(req.query(), "limit", 1, EvidenceLog.MAX_PAGE);
        if (limit > EvidenceLog.MAX_PAGE) {
            throw new InvalidFieldsException(List.of(new FieldError(List.of("limit"),
                    "Input should be less than or equal to " + EvidenceLog.MAX_PAGE)));
        }
        List<StoredCheckpoint> stored = log().checkpoints(start, (int) limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("start", start);
        body.put("checkpoints", stored.stream().map(checkpoint -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("tree_size", checkpoint.treeSize());
            item.put("note", checkpoint.note());
            item.put("created_at", Views.time(checkpoint.createdAt()));
            return item;
        }).toList());
        Responses.json(res, Status.OK_200, body);
    }

    /** {@code curl -s 127.0.0.1:8000/lightvibes/evidence/key}: name+keyid+base64(0x01||pubkey) */
    private void key(ServerRequest req, ServerResponse res) {
        text(res, log().verifierKey() + "\n");
    }

    /** {@code curl -s '127.0.0.1:8000/lightvibes/evidence/entries?start=0&end=1000'} */
    private void entries(ServerRequest req, ServerResponse res) {
        long start = QueryParameters.optional(req.query(), "start", 0, 0);
        OptionalLong end = QueryParameters.wholeNumber(req.query(), "end", 0, OptionalLong.of(-1));
        EvidenceLog.Page page = log().entries(start, end.getAsLong() < 0 ? OptionalLong.empty() : end);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tree_size", page.treeSize());
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (int i = 0; i < page.entries().size(); i++) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("index", page.start() + i);
            item.put("data", Base64.getEncoder().encodeToString(page.entries().get(i)));
            items.add(item);
        }
        body.put("entries", items);
        Responses.json(res, Status.OK_200, body);
    }

    /** {@code curl -s '127.0.0.1:8000/lightvibes/evidence/proof/inclusion?index=3&tree_size=10'} */
    private void inclusion(ServerRequest req, ServerResponse res) {
        long index = QueryParameters.required(req.query(), "index", 0);
        long treeSize = QueryParameters.required(req.query(), "tree_size", 1);
        EvidenceLog.Proof proof = log().inclusionProof(index, treeSize);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("index", proof.first());
        body.put("tree_size", proof.treeSize());
        body.put("proof", hashes(proof));
        Responses.json(res, Status.OK_200, body);
    }

    /** {@code curl -s '127.0.0.1:8000/lightvibes/evidence/proof/consistency?first=4&second=10'} */
    private void consistency(ServerRequest req, ServerResponse res) {
        long first = QueryParameters.required(req.query(), "first", 1);
        long second = QueryParameters.required(req.query(), "second", 1);
        EvidenceLog.Proof proof = log().consistencyProof(first, second);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("first", proof.first());
        body.put("second", proof.treeSize());
        body.put("proof", hashes(proof));
        Responses.json(res, Status.OK_200, body);
    }

    private static List<String> hashes(EvidenceLog.Proof proof) {
        return proof.hashes().stream().map(Base64.getEncoder()::encodeToString).toList();
    }

    private static void text(ServerResponse res, String text) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.send(text);
    }

    /** The evidence log is turned off on this server. */
    static final class EvidenceOffException extends RuntimeException {
        EvidenceOffException(String message) {
            super(message);
        }
    }
}
