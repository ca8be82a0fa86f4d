package io.lightvibes.client;

import io.helidon.webserver.WebServer;
import io.lightvibes.service.Assembly;
import io.lightvibes.service.config.SettingsLoader;
import io.lightvibes.service.sealing.KeyFiles;
import io.lightvibes.service.sealing.SealSuite;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

/**
 * A real LIGHTVIBES service in the test JVM: SQLite in {@code stateDir}, a fresh recipient key
 * pair there, the evidence log on, the QKD link off (sessions are PQC), any free port.
 */
final class LocalService implements AutoCloseable {

    private final Assembly assembly;
    private final WebServer server;
    final Path recipientKey;

    LocalService(Path stateDir) {
        KeyFiles.writeKeyPair(stateDir, SealSuite.X25519, false, new SecureRandom());
        this.recipientKey = stateDir.resolve(KeyFiles.PRIVATE_KEY_FILE);
        this.assembly = Assembly.open(SettingsLoader.load(Map.of(
                "LIGHTVIBES_STATE_DIR", stateDir.toString(),
                "LIGHTVIBES_PORT", "0",
                "LIGHTVIBES_DRIVER", "java",
                "LIGHTVIBES_LINK_ENABLED", "false",
                "LIGHTVIBES_EVIDENCE_CHECKPOINT_ENTRIES", "1"), stateDir.resolve("no.env")));
        this.server = assembly.serve();
    }

    String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.stop();
        assembly.close();
    }
}
