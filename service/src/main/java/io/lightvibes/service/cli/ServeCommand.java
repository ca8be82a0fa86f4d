package io.lightvibes.service.cli;

import io.helidon.webserver.WebServer;
import io.lightvibes.service.Assembly;
import io.lightvibes.service.JsonLogging;
import io.lightvibes.service.config.Settings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lightvibes serve [--host H] [--port P] [--tls-cert PEM --tls-key PEM [--tls-client-ca PEM]]}:
 * run the key service until interrupted.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the key service (settings from LIGHTVIBES_* variables and ./.env).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", description = "bind address (default LIGHTVIBES_HOST, 127.0.0.1)")
    private String host;

    @Option(names = "--port", description = "port (default LIGHTVIBES_PORT, 8000; 0 picks a free one)")
    private Integer port;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "certificate chain to serve HTTPS with (default LIGHTVIBES_TLS_CERT)")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "its PKCS#8 private key (default LIGHTVIBES_TLS_KEY)")
    private Path tlsKey;

    @Option(names = "--tls-client-ca", paramLabel = "PEM",
            description = "CA certificates client certificates must chain to; the handshake then requires one "
                    + "(default LIGHTVIBES_TLS_CLIENT_CA)")
    private Path tlsClientCa;

    @Spec
    private CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    private LightvibesCommand parent;

    @Override
    public Integer call() throws InterruptedException {
        Settings loaded = parent.context().settings();
        Settings settings = withTlsFlags(loaded.withAddress(host != null ? host : loaded.host(),
                port != null ? port : loaded.port()));
        JsonLogging.install(settings.logLevel());
        Assembly assembly = Assembly.open(settings);
        WebServer server;
        try {
            server = assembly.serve();
        } catch (RuntimeException e) {
            assembly.close();
            throw e;
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            server.stop();
            assembly.close();
            stopped.countDown();
        }));
        spec.commandLine().getOut().printf("lightvibes: serving on %s://%s:%d (Ctrl-C stops)%n",
                settings.security().tlsCert().isPresent() ? "https" : "http", settings.host(), server.port());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }

    /** The settings with the TLS files the flags name in place of the variables'. */
    private Settings withTlsFlags(Settings settings) {
        Settings.Security security = settings.security();
        return settings.withSecurity(new Settings.Security(security.auth(), security.allowRemoteWithoutAuth(),
                tlsCert != null ? Optional.of(tlsCert) : security.tlsCert(),
                tlsKey != null ? Optional.of(tlsKey) : security.tlsKey(),
                tlsClientCa != null ? Optional.of(tlsClientCa) : security.tlsClientCa(),
                security.trustedProxies(), security.clientCertHeader()));
    }
}
