package io.lightvibes.service.cli;

import io.helidon.webserver.WebServer;
import io.lightvibes.service.Assembly;
import io.lightvibes.service.JsonLogging;
import io.lightvibes.service.config.Settings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lightvibes serve [--host H] [--port P]}: run the key service until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the key service (settings from LIGHTVIBES_* variables and ./.env).")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--host", description = "bind address (default LIGHTVIBES_HOST, 127.0.0.1)")
    private String host;

    @Option(names = "--port", description = "port (default LIGHTVIBES_PORT, 8000; 0 picks a free one)")
    private Integer port;

    @Spec
    private CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    private LightvibesCommand parent;

    @Override
    public Integer call() throws InterruptedException {
        Settings loaded = parent.context().settings();
        Settings settings = loaded.withAddress(host != null ? host : loaded.host(), port != null ? port : loaded.port());
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
        spec.commandLine().getOut().printf("lightvibes: serving on http://%s:%d (Ctrl-C stops)%n", settings.host(),
                server.port());
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
