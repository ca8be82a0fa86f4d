package io.lightvibes.service.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lightvibes.sim.link.LinkHealth;
import io.lightvibes.sim.link.LinkState;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The link's health as the leader writes it to {@code link_health} and every replica reads it
 * back: the {@link LinkHealth} fields but the pool, which each replica counts from the live
 * replicas' reports. Statistics only, never key material.
 */
final class PublishedHealthJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PublishedHealthJson() {
    }

    static String encode(LinkHealth health) {
        ObjectNode node = JSON.createObjectNode();
        node.put("state", health.state().wireName());
        health.qber().ifPresent(qber -> node.put("qber", qber));
        node.put("rate_bps", health.rateBps());
        health.secretFraction().ifPresent(fraction -> node.put("secret_fraction", fraction));
        node.put("blocks", health.blocks());
        health.lastBlock().ifPresent(block -> node.set("last_block", JSON.valueToTree(block)));
        return node.toString();
    }

    /** The health in {@code text} with {@code poolBits}; a row this code did not write is an {@link IllegalArgumentException}. */
    static LinkHealth decode(String text, long poolBits) {
        try {
            JsonNode node = JSON.readTree(text);
            LinkState state = Arrays.stream(LinkState.values())
                    .filter(candidate -> candidate.wireName().equals(node.path("state").asText()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown link state in link_health"));
            Optional<Map<String, Object>> lastBlock = node.has("last_block")
                    ? Optional.of(lastBlock(node.get("last_block"))) : Optional.empty();
            return new LinkHealth(state, optionalDouble(node, "qber"), node.path("rate_bps").asDouble(), poolBits,
                    optionalDouble(node, "secret_fraction"), node.path("blocks").asLong(), lastBlock);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("link_health holds no health this version wrote", e);
        }
    }

    private static Map<String, Object> lastBlock(JsonNode block) {
        Map<String, Object> fields = new LinkedHashMap<>();
        block.fields().forEachRemaining(field -> fields.put(field.getKey(),
                field.getValue().isNull() ? null : field.getValue().numberValue()));
        return fields;
    }

    private static OptionalDouble optionalDouble(JsonNode node, String field) {
        return node.hasNonNull(field) ? OptionalDouble.of(node.get(field).asDouble()) : OptionalDouble.empty();
    }
}
