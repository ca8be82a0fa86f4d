package io.lightvibes.service.sealing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** The HPKE vector files under {@code src/test/resources/vectors/hpke/}, read as published. Tests only. */
public final class HpkeVectors {

    /** One base-mode vector, sequence 0, with the sender's ephemeral input where one is published. */
    public record Vector(JsonNode json, Optional<JsonNode> ephemeral) {

        public String name() {
            return json.get("name").asText();
        }

        public int kemId() {
            return json.get("kem_id").asInt();
        }

        public int kdfId() {
            return json.get("kdf_id").asInt();
        }

        public int aeadId() {
            return json.get("aead_id").asInt();
        }

        /** A hex field of the vector, decoded. */
        public byte[] hex(String field) {
            return HexFormat.of().parseHex(json.get(field).asText());
        }

        /** A hex field of the sequence-0 encryption, decoded. */
        public byte[] encryption(String field) {
            return HexFormat.of().parseHex(json.get("encryption_seq0").get(field).asText());
        }

        /** ikmE, the sender's ephemeral input. */
        public byte[] ikmE() {
            JsonNode source = json.has("ikmE") ? json : ephemeral.orElseThrow(
                    () -> new IllegalStateException("no ikmE published for " + name()));
            return HexFormat.of().parseHex(source.get("ikmE").asText());
        }

        public Optional<byte[]> skEm() {
            return ephemeral.filter(node -> node.has("skEm")).map(node -> HexFormat.of().parseHex(node.get("skEm").asText()));
        }

        /** The LIGHTVIBES suite of this vector's KEM (the AEAD may differ). */
        public SealSuite suite() {
            return kemId() == SealSuite.X25519.kemId() ? SealSuite.X25519 : SealSuite.MLKEM768_X25519;
        }

        @Override
        public String toString() {
            return name();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private HpkeVectors() {
    }

    /** The prototype's base_mode_vectors.json, then the draft-05 A.5 vector. */
    public static List<Vector> baseMode() {
        Map<String, JsonNode> ephemeral = elements(read("base_mode_ephemeral_inputs.json").get("inputs")).stream()
                .collect(Collectors.toMap(node -> node.get("name").asText(), node -> node));
        List<Vector> vectors = new ArrayList<>();
        for (JsonNode vector : elements(read("base_mode_vectors.json").get("vectors"))) {
            vectors.add(new Vector(vector, Optional.ofNullable(ephemeral.get(vector.get("name").asText()))));
        }
        for (JsonNode vector : elements(read("draft_ietf_hpke_pq_05_a5.json").get("vectors"))) {
            vectors.add(new Vector(vector, Optional.empty()));
        }
        return List.copyOf(vectors);
    }

    /** Only the prototype's base_mode_vectors.json. */
    public static List<Vector> prototypeBaseMode() {
        return baseMode().stream().filter(vector -> !vector.json().has("ikmE")).toList();
    }

    /** The blobs the prototype sealed once (lightvibes_sealed_v1.json). */
    public static List<JsonNode> sealedV1() {
        return elements(read("lightvibes_sealed_v1.json").get("vectors"));
    }

    private static List<JsonNode> elements(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static JsonNode read(String file) {
        try (InputStream in = HpkeVectors.class.getResourceAsStream("/vectors/hpke/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource vectors/hpke/" + file);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
