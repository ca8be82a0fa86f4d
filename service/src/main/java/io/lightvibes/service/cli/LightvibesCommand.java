package io.lightvibes.service.cli;

import io.lightvibes.service.Main;

/** The {@code lightvibes} command (the jar's entry point). */
public final class LightvibesCommand {

    private LightvibesCommand() {
    }

    public static void main(String[] args) {
        String host = "127.0.0.1";
        int port = 8000;
        Main.start(host, port);
    }
}
