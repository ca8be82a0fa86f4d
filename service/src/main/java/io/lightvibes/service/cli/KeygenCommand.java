package io.lightvibes.service.cli;

import io.lightvibes.service.sealing.KeyFiles;
import io.lightvibes.service.sealing.SealSuite;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lightvibes keygen --kem x25519|mlkem768-x25519 --out DIR [--force]}: a recipient key pair. */
@Command(name = "keygen", mixinStandardHelpOptions = true,
        description = "Create a recipient key pair: DIR/recipient.key (mode 0600) and DIR/recipient.pub.")
final class KeygenCommand implements Callable<Integer> {

    @Option(names = "--kem", defaultValue = "x25519", description = "x25519 (default) or mlkem768-x25519")
    private String kem;

    @Option(names = "--out", required = true, description = "directory to write the two files into")
    private Path out;

    @Option(names = "--force", description = "overwrite existing key files")
    private boolean force;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        SealSuite suite = SealSuite.fromWireName(kem).orElseThrow(() -> new picocli.CommandLine.ParameterException(
                spec.commandLine(), "--kem must be x25519 or mlkem768-x25519, not '" + kem + "'"));
        var written = KeyFiles.writeKeyPair(out, suite, force, new SecureRandom());
        var print = spec.commandLine().getOut();
        print.printf("wrote %s (private, mode 0600) and %s%n", written.privateKeyFile(), written.publicKeyFile());
        print.printf("suite %s, key id %s%n", suite.wireName(), written.publicKey().keyId());
        print.flush();
        return 0;
    }
}
