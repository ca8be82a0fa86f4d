package io.lightvibes.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lightvibes.service.http.Json;
import io.lightvibes.service.sealing.HpkeOpener;
import io.lightvibes.service.sealing.KeyFiles;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lightvibes unseal --key FILE < delivery.json}: prints the delivered key in hex. */
@Command(name = "unseal", mixinStandardHelpOptions = true,
        description = "Read a key response (the JSON of GET /lightvibes/key/{key_ref}) on stdin, print the key hex.")
final class UnsealCommand implements Callable<Integer> {

    static final int MAX_INPUT_BYTES = 1 << 20;

    @Option(names = "--key", required = true, description = "recipient private key file")
    private Path key;

    @Spec
    private CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    private LightvibesCommand parent;

    @Override
    public Integer call() throws IOException {
        RecipientPrivateKey privateKey = KeyFiles.loadPrivateKey(key);
        Delivery delivery = Delivery.parse(parent.context().stdin().readNBytes(MAX_INPUT_BYTES));
        try (var opened = HpkeOpener.open(privateKey, delivery.keySealed(), delivery.keyRef())) {
            spec.commandLine().getOut().println(HexFormat.of().formatHex(opened.reveal()));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The two fields of a key response the opener needs. */
    record Delivery(String keyRef, String keySealed) {

        static Delivery parse(byte[] input) {
            JsonNode node;
            try {
                node = Json.mapper().readTree(input);
            } catch (IOException e) {
                node = null;
            }
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException(
                        "standard input is not JSON; pipe in the body of GET /lightvibes/key/{key_ref}");
            }
            if (!node.isObject()) {
                throw new IllegalArgumentException("standard input must be a JSON object with key_ref and key_sealed");
            }
            return new Delivery(text(node, "key_ref"), text(node, "key_sealed"));
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            if (value == null || !value.isTextual()) {
                throw new IllegalArgumentException("standard input has no " + field + " string; pipe in the body of "
                        + "GET /lightvibes/key/{key_ref}");
            }
            return value.textValue();
        }
    }
}
