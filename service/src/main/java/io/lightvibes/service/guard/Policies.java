package io.lightvibes.service.guard;

import io.lightvibes.service.config.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads the policy set once, at start-up: the built-in default set ({@code guard/default.policy}
 * on the class path) or, when {@code LIGHTVIBES_POLICY_DIR} is set, every {@code *.policy} file in
 * that directory (by name), which replace the defaults entirely. Any file that does not parse or
 * type-check stops start-up with a {@link ConfigException} naming the file and the policy.
 */
public final class Policies {

    /** The class-path resource of the built-in set (also the template to copy into a policy directory). */
    public static final String DEFAULT_RESOURCE = "guard/default.policy";
    static final String SUFFIX = ".policy";

    private Policies() {
    }

    /** The directory's policies if one is given, otherwise the built-in default set. */
    public static PolicySet load(Optional<Path> directory) {
        return directory.map(Policies::fromDirectory).orElseGet(Policies::defaults);
    }

    /** The built-in default set (docs/GUARD.md explains each rule). */
    public static PolicySet defaults() {
        try (InputStream in = Policies.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the class path");
            }
            return compile(PolicyFile.parse("built-in " + DEFAULT_RESOURCE, utf8(in.readAllBytes(), DEFAULT_RESOURCE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code *.policy} file in {@code directory}, in name order. */
    public static PolicySet fromDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new ConfigException("LIGHTVIBES_POLICY_DIR=" + directory + ": not a directory");
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(directory)) {
            files = listed.filter(path -> path.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(path))
                    .sorted(Comparator.comparing(path -> path.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new ConfigException("LIGHTVIBES_POLICY_DIR=" + directory + ": cannot list it (" + e.getMessage() + ")");
        }
        if (files.isEmpty()) {
            throw new ConfigException("LIGHTVIBES_POLICY_DIR=" + directory + ": holds no *" + SUFFIX
                    + " files (copy " + DEFAULT_RESOURCE + " there to start from the default set)");
        }
        List<Policy> policies = new ArrayList<>();
        for (Path file : files) {
            policies.addAll(PolicyFile.parse(file.toString(), read(file)));
        }
        return compile(policies);
    }

    /** Policies from text, e.g. in tests: {@code origin} names them in messages. */
    public static PolicySet parse(String origin, String text) {
        return compile(PolicyFile.parse(origin, text));
    }

    private static PolicySet compile(List<Policy> policies) {
        Map<String, Policy> byId = new HashMap<>();
        for (Policy policy : policies) {
            Policy earlier = byId.putIfAbsent(policy.id(), policy);
            if (earlier != null) {
                throw new ConfigException(policy.origin() + ": policy '" + policy.id() + "' is also declared in "
                        + earlier.origin() + "; ids are unique in the whole set");
            }
        }
        var compiler = new PolicyCompiler();
        return new PolicySet(policies.stream().map(compiler::compile).toList());
    }

    private static String read(Path file) {
        try {
            if (Files.size(file) > PolicyFile.MAX_BYTES) {
                throw new ConfigException(file + ": a policy file is at most " + PolicyFile.MAX_BYTES / 1024 + " KiB");
            }
            return utf8(Files.readAllBytes(file), file.toString());
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String utf8(byte[] bytes, String origin) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(origin + ": not UTF-8 text");
        }
    }
}
