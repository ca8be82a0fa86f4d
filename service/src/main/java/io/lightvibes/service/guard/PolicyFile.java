package io.lightvibes.service.guard;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.lightvibes.service.config.ConfigException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The strict parser of one {@code *.policy} file: a JSON object {@code {"policies": [...]}} whose
 * every policy has exactly the members {@code id}, {@code effect}, {@code actions}, {@code when} and
 * optionally {@code reason} and {@code description}. Anything else (a duplicate or unknown member,
 * a wrong type, an unknown action, a bad id) stops with one line naming the file and the policy.
 * The CEL conditions are checked later, by {@link PolicyCompiler}.
 */
final class PolicyFile {

    static final int MAX_BYTES = 256 * 1024;
    static final int MAX_POLICIES = 1000;
    static final int MAX_CONDITION_CHARS = 4096;
    static final int MAX_TEXT_CHARS = 500;
    /** In {@code actions}, alone: every action there is. */
    static final String ALL_ACTIONS = "*";

    private static final Set<String> TOP_MEMBERS = Set.of("policies");
    private static final Set<String> POLICY_MEMBERS = Set.of("id", "effect", "actions", "when", "reason",
            "description");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    private PolicyFile() {
    }

    /** The policies of the file called {@code origin} whose text is {@code text}. */
    static List<Policy> parse(String origin, String text) {
        if (text.length() > MAX_BYTES) {
            throw new ConfigException(origin + ": a policy file is at most " + MAX_BYTES / 1024 + " KiB");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            throw new ConfigException(origin + (where == null ? "" : ":" + where.getLineNr() + ":" + where.getColumnNr())
                    + ": not JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(origin + ": must be a JSON object {\"policies\": [...]}");
        }
        unknownMembers(root, TOP_MEMBERS, origin);
        JsonNode list = root.get("policies");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new ConfigException(origin + ": \"policies\" must be a non-empty array of policies");
        }
        if (list.size() > MAX_POLICIES) {
            throw new ConfigException(origin + ": at most " + MAX_POLICIES + " policies per file");
        }
        List<Policy> policies = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            policies.add(policy(list.get(i), origin, i + 1));
        }
        return List.copyOf(policies);
    }

    private static Policy policy(JsonNode node, String origin, int position) {
        String numbered = origin + ": policy #" + position;
        if (!node.isObject()) {
            throw new ConfigException(numbered + ": must be a JSON object");
        }
        JsonNode idNode = node.get("id");
        if (idNode == null || !idNode.isTextual() || !Policy.ID.matcher(idNode.textValue()).matches()) {
            throw new ConfigException(numbered + ": \"id\" must be a string matching " + Policy.ID.pattern());
        }
        String id = idNode.textValue();
        String where = numbered + " '" + id + "'";
        unknownMembers(node, POLICY_MEMBERS, where);
        Policy.Effect effect = switch (text(node, "effect", where, 10)) {
            case "permit" -> Policy.Effect.PERMIT;
            case "forbid" -> Policy.Effect.FORBID;
            default -> throw new ConfigException(where + ": \"effect\" must be \"permit\" or \"forbid\"");
        };
        Set<Action> actions = actions(node.get("actions"), where);
        String when = text(node, "when", where, MAX_CONDITION_CHARS);
        Optional<String> reason = optionalText(node, "reason", where);
        optionalText(node, "description", where);
        return new Policy(id, effect, actions, when, reason, origin);
    }

    private static Set<Action> actions(JsonNode node, String where) {
        String expected = ": \"actions\" must be a non-empty array of distinct action names ("
                + String.join(", ", names()) + ") or [\"*\"]";
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new ConfigException(where + expected);
        }
        Set<Action> actions = EnumSet.noneOf(Action.class);
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                throw new ConfigException(where + expected);
            }
            if (item.textValue().equals(ALL_ACTIONS)) {
                if (node.size() != 1) {
                    throw new ConfigException(where + ": \"*\" in \"actions\" stands alone");
                }
                return EnumSet.allOf(Action.class);
            }
            Action action = Action.named(item.textValue()).orElseThrow(() -> new ConfigException(
                    where + ": unknown action \"" + printable(item.textValue()) + "\" (known: " + String.join(", ", names())
                            + ")"));
            if (!actions.add(action)) {
                throw new ConfigException(where + ": action " + action + " is listed twice");
            }
        }
        return actions;
    }

    private static List<String> names() {
        return java.util.Arrays.stream(Action.values()).map(Action::policyName).toList();
    }

    private static String text(JsonNode node, String member, String where, int maxChars) {
        JsonNode value = node.get(member);
        if (value == null) {
            throw new ConfigException(where + ": \"" + member + "\" is required");
        }
        if (!value.isTextual() || value.textValue().isBlank()) {
            throw new ConfigException(where + ": \"" + member + "\" must be a non-empty string");
        }
        if (value.textValue().length() > maxChars) {
            throw new ConfigException(where + ": \"" + member + "\" is longer than " + maxChars + " characters");
        }
        return value.textValue();
    }

    private static Optional<String> optionalText(JsonNode node, String member, String where) {
        if (!node.has(member)) {
            return Optional.empty();
        }
        String text = text(node, member, where, MAX_TEXT_CHARS);
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigException(where + ": \"" + member + "\" is one line without control characters");
        }
        return Optional.of(text);
    }

    private static void unknownMembers(JsonNode object, Set<String> known, String where) {
        for (Map.Entry<String, JsonNode> member : object.properties()) {
            if (!known.contains(member.getKey())) {
                throw new ConfigException(where + ": unknown member \"" + printable(member.getKey()) + "\" (allowed: "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    /** A name from the file, cut short and without control characters, for a one-line message. */
    private static String printable(String text) {
        String shown = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
    }
}
