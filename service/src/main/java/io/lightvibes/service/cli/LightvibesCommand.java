package io.lightvibes.service.cli;

/** The {@code lightvibes} command (the jar's entry point). */
public final class LightvibesCommand {

    private LightvibesCommand() {
    }

    public static void main(String[] args) {
        System.err.println("lightvibes: the command line is being ported; see README.md");
        System.exit(2);
    }
}
