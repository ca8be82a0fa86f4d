package io.lightvibes.service.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.lightvibes.service.sealing.HpkeOpener;
import io.lightvibes.service.sealing.KeyFiles;
import io.lightvibes.service.sealing.RecipientPrivateKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lightvibes demo [--url URL] [--key FILE]}: the life of one key against a running server. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Open a session, fetch and unseal its key, fetch again (404).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8000", description = "the running service")
    private String url;

    @Option(names = "--key", defaultValue = ".lightvibes/recipient.key", description = "recipient private key")
    private Path key;

    @Option(names = "--peer-id", defaultValue = "demo-peer", description = "the peer to open a session with")
    private String peerId;

    @Option(names = "--bits", defaultValue = "256", description = "key length in bits")
    private int bits;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        RecipientPrivateKey privateKey = KeyFiles.loadPrivateKey(key);
        PrintWriter out = spec.commandLine().getOut();
        try (var client = new ServiceClient(url)) {
            var opened = client.post("lightvibes/session", "{\"peer_id\": " + quoted(peerId)
                    + ", \"policy\": {\"min_keybits\": " + bits + "}}");
            require(opened, 201, "opening a session");
            JsonNode session = opened.body();
            out.printf("1. opened session %s with peer '%s'%n", session.get("session_id").asText(), peerId);
            out.printf("   mode %s, link qber %s, rate %s bps%n", session.get("mode").asText(),
                    session.get("health").get("qber"), session.get("health").get("rate_bps"));
            String keyRef = session.get("key_ref").asText();
            var fetched = client.get("lightvibes/key/" + keyRef);
            require(fetched, 200, "fetching the key");
            JsonNode delivery = fetched.body();
            out.printf("2. fetched key_ref %s (%s s left)%n", keyRef, delivery.get("ttl_s").asText());
            out.printf("   sealed with %s to recipient key %s%n", delivery.get("seal").get("suite").asText(),
                    delivery.get("seal").get("recipient_key_id").asText());
            try (var opened2 = HpkeOpener.open(privateKey, delivery.get("key_sealed").asText(), keyRef)) {
                out.printf("3. unsealed %d-bit key: %s%n", opened2.bits(), HexFormat.of().formatHex(opened2.reveal()));
            }
            var again = client.get("lightvibes/key/" + keyRef);
            if (again.status() == 404) {
                out.println("4. fetched again: 404, the key is delivered exactly once");
                out.flush();
                return 0;
            }
            out.flush();
            spec.commandLine().getErr().println("4. fetched again and got " + again.status()
                    + ": one-time delivery is BROKEN");
            return LightvibesCommand.EXIT_FAILED;
        }
    }

    private static void require(ServiceClient.Answer answer, int status, String doing) {
        if (answer.status() != status) {
            JsonNode detail = answer.body().get("detail");
            throw new IllegalStateException(doing + " answered " + answer.status()
                    + (detail != null ? ": " + detail.asText() : ""));
        }
    }

    private static String quoted(String text) {
        return new String(io.lightvibes.service.http.Json.write(text), java.nio.charset.StandardCharsets.UTF_8);
    }
}
