package io.lightvibes.service.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.lightvibes.service.keys.Fallback;
import io.lightvibes.service.keys.SessionRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /lightvibes/session}: {@code {peer_id, policy{min_keybits, ttl_s}, fallback}}.
 * Strict like the prototype: unknown fields are errors, numbers are never coerced from strings or
 * booleans, and every bad field is reported (with its path) at once.
 */
final class SessionRequestParser {

    static final String PEER_ID_PATTERN = "^[A-Za-z0-9._:-]{1,128}$";
    private static final Pattern PEER_ID = Pattern.compile(PEER_ID_PATTERN);
    private static final Set<String> TOP_FIELDS = Set.of("peer_id", "policy", "fallback");
    private static final Set<String> POLICY_FIELDS = Set.of("min_keybits", "ttl_s");
    static final int DEFAULT_MIN_KEYBITS = 256;

    private SessionRequestParser() {
    }

    static SessionRequest parse(JsonNode body) {
        var errors = new ArrayList<FieldError>();
        if (!body.isObject()) {
            throw new InvalidFieldsException(List.of(
                    new FieldError(List.of(), "Input should be a valid dictionary or object to extract fields from")));
        }
        String peerId = peerId(body.get("peer_id"), errors);
        int minKeybits = DEFAULT_MIN_KEYBITS;
        OptionalInt ttlS = OptionalInt.empty();
        JsonNode policy = body.get("policy");
        if (policy != null) {
            if (!policy.isObject()) {
                errors.add(error("Input should be a valid dictionary or instance of Policy", "policy"));
            } else {
                JsonNode bits = policy.get("min_keybits");
                if (bits != null) {
                    minKeybits = integer(bits, 128, 8192, 8, errors, "policy", "min_keybits");
                }
                JsonNode ttl = policy.get("ttl_s");
                if (ttl != null && !ttl.isNull()) {
                    ttlS = OptionalInt.of(integer(ttl, 1, 86400, 1, errors, "policy", "ttl_s"));
                }
                unknown(policy, POLICY_FIELDS, errors, "policy");
            }
        }
        Fallback fallback = fallback(body.get("fallback"), errors);
        unknown(body, TOP_FIELDS, errors);
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        return new SessionRequest(peerId, minKeybits, ttlS, fallback);
    }

    private static String peerId(JsonNode node, List<FieldError> errors) {
        if (node == null) {
            errors.add(error("Field required", "peer_id"));
        } else if (!node.isTextual()) {
            errors.add(error("Input should be a valid string", "peer_id"));
        } else if (!PEER_ID.matcher(node.textValue()).matches()) {
            errors.add(error("String should match pattern '" + PEER_ID_PATTERN + "'", "peer_id"));
        } else {
            return node.textValue();
        }
        return "";
    }

    private static Fallback fallback(JsonNode node, List<FieldError> errors) {
        if (node == null) {
            return Fallback.PQC;
        }
        if (node.isTextual()) {
            for (Fallback fallback : Fallback.values()) {
                if (fallback.name().equals(node.textValue())) {
                    return fallback;
                }
            }
        }
        errors.add(error("Input should be 'PQC' or 'NONE'", "fallback"));
        return Fallback.PQC;
    }

    private static int integer(JsonNode node, long min, long max, int multipleOf, List<FieldError> errors,
            Object... loc) {
        if (!node.isIntegralNumber()) {
            errors.add(error("Input should be a valid integer", loc));
            return 0;
        }
        if (!node.canConvertToLong() || node.longValue() < min) {
            String message = node.canConvertToLong()
                    ? "Input should be greater than or equal to " + min
                    : "Input should be less than or equal to " + max;
            if (node.isBigInteger() && node.bigIntegerValue().signum() < 0) {
                message = "Input should be greater than or equal to " + min;
            }
            errors.add(error(message, loc));
            return 0;
        }
        long value = node.longValue();
        if (value > max) {
            errors.add(error("Input should be less than or equal to " + max, loc));
            return 0;
        }
        if (value % multipleOf != 0) {
            errors.add(error("Input should be a multiple of " + multipleOf, loc));
            return 0;
        }
        return (int) value;
    }

    private static void unknown(JsonNode object, Set<String> known, List<FieldError> errors, Object... parent) {
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            if (!known.contains(field.getKey())) {
                var loc = new ArrayList<>(List.of(parent));
                loc.add(field.getKey());
                errors.add(new FieldError(loc, "Extra inputs are not permitted"));
            }
        }
    }

    private static FieldError error(String message, Object... loc) {
        return new FieldError(List.of(loc), message);
    }
}
