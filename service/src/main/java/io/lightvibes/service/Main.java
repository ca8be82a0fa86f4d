package io.lightvibes.service;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.lightvibes.service.http.ProbeRoutes;

/** Wires the service and starts the web server; nothing else. */
public final class Main {

    private Main() {
    }

    /** Starts the server on {@code host:port} and returns it running. */
    public static WebServer start(String host, int port) {
        return WebServer.builder()
                .host(host)
                .port(port)
                .routing(Main::routing)
                .build()
                .start();
    }

    /** The routes both the server and the routing tests mount. */
    static void routing(HttpRouting.Builder routing) {
        routing.register(new ProbeRoutes());
    }
}
