package io.lightvibes.service.sealing;

import java.nio.file.Path;
import java.security.SecureRandom;

/** Writes a key pair from a JVM started under a chosen umask: {@code UmaskProbe DIR SUITE OVERWRITE}. Tests only. */
public final class UmaskProbe {

    private UmaskProbe() {
    }

    public static void main(String[] args) {
        KeyFiles.writeKeyPair(Path.of(args[0]), SealSuite.fromWireName(args[1]).orElseThrow(),
                Boolean.parseBoolean(args[2]), new SecureRandom());
    }
}
