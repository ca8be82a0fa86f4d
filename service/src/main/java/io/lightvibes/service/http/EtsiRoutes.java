package io.lightvibes.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightvibes.service.etsi.EtsiException;
import io.lightvibes.service.etsi.EtsiKey;
import io.lightvibes.service.etsi.EtsiKeyService;
import io.lightvibes.service.etsi.EtsiStatus;
import io.lightvibes.service.etsi.KeyRequest;
import io.lightvibes.service.identity.Callers;
import io.lightvibes.service.store.StoreException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * ETSI GS QKD 014 v1.1.1 (§5, §6), mounted at {@code /api/v1/keys}: Status, Get key (enc_keys)
 * and Get key with key IDs (dec_keys), GET and POST forms. Errors are the spec's Error object
 * ({@link #sendError}), not problem+json.
 */
public final class EtsiRoutes implements HttpService {

    private static final Set<String> KEY_REQUEST_FIELDS = Set.of("number", "size", "additional_slave_SAE_IDs",
            "extension_mandatory", "extension_optional");
    private static final Set<String> KEY_IDS_FIELDS = Set.of("key_IDs", "key_IDs_extension");

    private final EtsiKeyService service;

    public EtsiRoutes(EtsiKeyService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/{sae}/status", etsi(this::status))
                .get("/{sae}/enc_keys", etsi(this::encKeysGet))
                .post("/{sae}/enc_keys", etsi(this::encKeysPost))
                .get("/{sae}/dec_keys", etsi(this::decKeysGet))
                .post("/{sae}/dec_keys", etsi(this::decKeysPost));
    }

    /** The {slave_SAE_ID} of status and enc_keys. */
    private static String slaveSaeId(ServerRequest req) {
        return req.path().pathParameters().get("sae");
    }

    /** The {master_SAE_ID} of dec_keys. */
    private static String masterSaeId(ServerRequest req) {
        return req.path().pathParameters().get("sae");
    }

    /** {@code handler} with every failure below it said as the spec's Error object. */
    private static Handler etsi(Handler handler) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (RuntimeException e) {
                throw translate(e);
            }
        };
    }

    /** {@code curl --cert sae-a.pem --key sae-a.key https://kme:8443/api/v1/keys/sae-b/status} */
    private void status(ServerRequest req, ServerResponse res) {
        EtsiStatus status = service.status(Callers.of(req), slaveSaeId(req));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source_KME_ID", status.sourceKmeId());
        body.put("target_KME_ID", status.targetKmeId());
        body.put("master_SAE_ID", status.masterSaeId());
        body.put("slave_SAE_ID", status.slaveSaeId());
        body.put("key_size", status.keySize());
        body.put("stored_key_count", status.storedKeyCount());
        body.put("max_key_count", status.maxKeyCount());
        body.put("max_key_per_request", status.maxKeyPerRequest());
        body.put("max_key_size", status.maxKeySize());
        body.put("min_key_size", status.minKeySize());
        body.put("max_SAE_ID_count", status.maxSaeIdCount());
        Responses.json(res, Status.OK_200, body);
    }

    /** {@code GET .../enc_keys?number=2&size=256} */
    private void encKeysGet(ServerRequest req, ServerResponse res) {
        var query = req.query();
        KeyRequest request = KeyRequest.of(intQuery(query.first("number").asOptional()),
                intQuery(query.first("size").asOptional()));
        sendKeys(res, service.encKeys(Callers.of(req), slaveSaeId(req), request));
    }

    /** {@code POST .../enc_keys} with a Key request {@code {"number": 2, "size": 256}} */
    private void encKeysPost(ServerRequest req, ServerResponse res) {
        JsonNode body = body(req, KEY_REQUEST_FIELDS);
        KeyRequest request = new KeyRequest(intField(body, "number"), intField(body, "size"),
                strings(body.get("additional_slave_SAE_IDs"), "additional_slave_SAE_IDs"),
                objects(body.get("extension_mandatory"), "extension_mandatory"),
                objects(body.get("extension_optional"), "extension_optional"));
        sendKeys(res, service.encKeys(Callers.of(req), slaveSaeId(req), request));
    }

    /** {@code GET .../dec_keys?key_ID=UUID} */
    private void decKeysGet(ServerRequest req, ServerResponse res) {
        List<String> keyIds = req.query().all("key_ID", List::of);
        sendKeys(res, service.decKeys(Callers.of(req), masterSaeId(req), keyIds));
    }

    /** {@code POST .../dec_keys} with Key IDs {@code {"key_IDs": [{"key_ID": "UUID"}]}} */
    private void decKeysPost(ServerRequest req, ServerResponse res) {
        JsonNode body = body(req, KEY_IDS_FIELDS);
        JsonNode items = body.get("key_IDs");
        if (items == null || !items.isArray()) {
            throw EtsiException.badRequest("key_IDs must be an array of {\"key_ID\": UUID} objects");
        }
        List<String> keyIds = new ArrayList<>();
        for (JsonNode item : items) {
            JsonNode keyId = item.get("key_ID");
            if (!item.isObject() || keyId == null || !keyId.isTextual()) {
                throw EtsiException.badRequest("each key_IDs item must be an object with a key_ID string");
            }
            keyIds.add(keyId.asText());
        }
        sendKeys(res, service.decKeys(Callers.of(req), masterSaeId(req), keyIds));
    }

    /** The Key container (§6.3): key_ID and the key, base64; the key bytes are zeroed once written. */
    private static void sendKeys(ServerResponse res, List<EtsiKey> keys) {
        List<Map<String, Object>> items = new ArrayList<>(keys.size());
        try {
            for (EtsiKey key : keys) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("key_ID", key.keyId());
                item.put("key", Base64.getEncoder().encodeToString(key.key().reveal()));
                items.add(item);
            }
            res.header(HeaderNames.CACHE_CONTROL, "no-store");
            Responses.json(res, Status.OK_200, Map.of("keys", items));
        } finally {
            keys.forEach(EtsiKey::close);
        }
    }

    /** The Error object (§6.5); a 503 also says when to retry. */
    static void sendError(ServerResponse res, int status, String message, List<Map<String, String>> details,
            int retryAfterS) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (!details.isEmpty()) {
            body.put("details", details);
        }
        res.status(Status.create(status));
        if (status == 503 && retryAfterS > 0) {
            res.header(HeaderNames.RETRY_AFTER, Integer.toString(retryAfterS));
        }
        Responses.json(res, Status.create(status), body);
    }

    /** True for requests of this API (whose errors take its Error object). */
    static boolean isEtsi(ServerRequest req) {
        return req.path().path().startsWith("/api/v1/keys/");
    }

    /** Maps what can go wrong below the routes to the three statuses the spec allows. */
    static EtsiException translate(RuntimeException e) {
        return switch (e) {
            case EtsiException etsi -> etsi;
            case UnreadableBodyException unreadable -> EtsiException.badRequest(unreadable.problem().detail());
            case StoreException store -> EtsiException.unavailable(
                    "the key store could not complete this operation; nothing was changed", 2);
            default -> throw e;
        };
    }

    private static JsonNode body(ServerRequest req, Set<String> allowed) {
        JsonNode body = Bodies.json(req);
        if (!body.isObject()) {
            throw EtsiException.badRequest("the body must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw EtsiException.badRequest("unknown member '" + name + "'; allowed: " + String.join(", ",
                        allowed.stream().sorted().toList()));
            }
        }
        return body;
    }

    private static OptionalInt intQuery(java.util.Optional<String> text) {
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        if (!text.get().matches("[0-9]{1,9}")) {
            throw EtsiException.badRequest("number and size must be whole numbers, got '" + shorten(text.get()) + "'");
        }
        return OptionalInt.of(Integer.parseInt(text.get()));
    }

    private static OptionalInt intField(JsonNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw EtsiException.badRequest(name + " must be a whole number");
        }
        return OptionalInt.of(value.intValue());
    }

    private static List<String> strings(JsonNode value, String name) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<String> strings = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    break;
                }
                strings.add(item.asText());
            }
            if (strings.size() == value.size()) {
                return strings;
            }
        }
        throw EtsiException.badRequest(name + " must be an array of SAE ID strings");
    }

    private static List<Map<String, Object>> objects(JsonNode value, String name) {
        if (value == null || value.isNull()) {
            return List.of();
        }
        List<Map<String, Object>> objects = new ArrayList<>();
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isObject()) {
                    throw EtsiException.badRequest(name + " must be an array of objects");
                }
                Map<String, Object> extension = new LinkedHashMap<>();
                item.fieldNames().forEachRemaining(field -> extension.put(field, item.get(field).toString()));
                objects.add(extension);
            }
            return objects;
        }
        throw EtsiException.badRequest(name + " must be an array of objects");
    }

    private static String shorten(String text) {
        return text.length() > 32 ? text.substring(0, 32) + "..." : text;
    }
}
