package io.lightvibes.service.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code openapi.yaml} as the fuzzer reads it: the operations, their parameters and request
 * schemas, and a JSON Schema (2020-12, which OpenAPI 3.1 schemas are) for each documented answer.
 */
final class OpenApiSpec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    /** One documented answer: its media type and body schema, if it has a body. */
    record Answer(Optional<String> mediaType, Optional<Schema> schema) {
    }

    /** One parameter: where it goes and its schema. */
    record Parameter(String name, String in, boolean required, JsonNode schema) {
    }

    /** One operation. */
    record Operation(String method, String path, List<Parameter> parameters, Optional<JsonNode> requestSchema,
            Map<Integer, Answer> answers) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    final JsonNode document;
    final List<Operation> operations;

    private OpenApiSpec(JsonNode document) {
        this.document = document;
        this.operations = readOperations(document);
    }

    static OpenApiSpec load() {
        try {
            Object yaml = new Yaml().load(Files.readString(Path.of("../openapi.yaml")));
            return new OpenApiSpec(JSON.valueToTree(yaml));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read ../openapi.yaml", e);
        }
    }

    /** {@code schema} with every {@code $ref} into the components resolved (one level per call). */
    JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        String name = ref.asText().substring("#/components/schemas/".length());
        return resolve(document.path("components").path("schemas").path(name));
    }

    private List<Operation> readOperations(JsonNode document) {
        List<Operation> found = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext();) {
                Map.Entry<String, JsonNode> method = methods.next();
                JsonNode operation = method.getValue();
                List<Parameter> parameters = new ArrayList<>();
                operation.path("parameters").forEach(p -> parameters.add(new Parameter(p.path("name").asText(),
                        p.path("in").asText(), p.path("required").asBoolean(false), p.path("schema"))));
                Optional<JsonNode> request = Optional.ofNullable(
                        operation.path("requestBody").path("content").path("application/json").get("schema"));
                Map<Integer, Answer> answers = new java.util.TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> codes = operation.path("responses").fields(); codes.hasNext();) {
                    Map.Entry<String, JsonNode> code = codes.next();
                    answers.put(Integer.parseInt(code.getKey()), answer(code.getValue()));
                }
                found.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(), List.copyOf(parameters),
                        request, Map.copyOf(answers)));
            }
        }
        return List.copyOf(found);
    }

    private Answer answer(JsonNode response) {
        Iterator<Map.Entry<String, JsonNode>> media = response.path("content").fields();
        if (!media.hasNext()) {
            return new Answer(Optional.empty(), Optional.empty());
        }
        Map.Entry<String, JsonNode> first = media.next();
        JsonNode schema = first.getValue().get("schema");
        return new Answer(Optional.of(first.getKey()), Optional.ofNullable(schema).map(this::compile));
    }

    /** A standalone 2020-12 schema: the operation's schema with the components as {@code $defs}. */
    private Schema compile(JsonNode schema) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.setAll((ObjectNode) schema.deepCopy());
        root.set("$defs", document.path("components").path("schemas").deepCopy());
        String text = root.toString().replace("#/components/schemas/", "#/$defs/");
        return SCHEMAS.getSchema(text, com.networknt.schema.InputFormat.JSON);
    }
}
