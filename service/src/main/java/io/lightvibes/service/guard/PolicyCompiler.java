package io.lightvibes.service.guard;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import io.lightvibes.service.config.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The CEL environment of every policy condition: four declared variables with object types whose
 * fields are declared too, so a condition that names an unknown variable or field, compares a
 * number with a string, or is not a {@code bool} is refused at start-up, not at the first request.
 *
 * <pre>
 * principal: {id: string, roles: list(string), authenticated: bool}
 * action:    string (CreateSession, FetchKey, RevokeSession, ReadSession, ReadEvidence, AdminLink)
 * resource:  {type: string, id: string}
 * context:   {min_keybits: int, ttl_s: int, fallback: string, requested_peer: string,
 *             source_address: string, source_loopback: bool, time: timestamp}
 * </pre>
 */
final class PolicyCompiler {

    static final StructType PRINCIPAL = struct("lightvibes.Principal", fields(
            "id", SimpleType.STRING, "roles", ListType.create(SimpleType.STRING), "authenticated", SimpleType.BOOL));
    static final StructType RESOURCE = struct("lightvibes.Resource", fields(
            "type", SimpleType.STRING, "id", SimpleType.STRING));
    static final StructType CONTEXT = struct("lightvibes.Context", fields(
            "min_keybits", SimpleType.INT, "ttl_s", SimpleType.INT, "fallback", SimpleType.STRING,
            "requested_peer", SimpleType.STRING, "source_address", SimpleType.STRING,
            "source_loopback", SimpleType.BOOL, "time", SimpleType.TIMESTAMP));
    /** A condition walks no list longer than this (the roles list is the only one there is). */
    private static final int MAX_ITERATIONS = 1000;

    private final Cel cel;

    PolicyCompiler() {
        ImmutableList<CelType> types = ImmutableList.of(PRINCIPAL, RESOURCE, CONTEXT);
        this.cel = CelFactory.standardCelBuilder()
                .setOptions(CelOptions.current()
                        .comprehensionMaxIterations(MAX_ITERATIONS)
                        .maxExpressionCodePointSize(PolicyFile.MAX_CONDITION_CHARS)
                        .build())
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(new CelTypeProvider() {
                    @Override
                    public ImmutableCollection<CelType> types() {
                        return types;
                    }

                    @Override
                    public Optional<CelType> findType(String typeName) {
                        return types.stream().filter(type -> type.name().equals(typeName)).findFirst();
                    }
                })
                .addVar("principal", PRINCIPAL)
                .addVar("action", SimpleType.STRING)
                .addVar("resource", RESOURCE)
                .addVar("context", CONTEXT)
                .setResultType(SimpleType.BOOL)
                .build();
    }

    /** Parses and type-checks {@code policy}'s condition; one line naming the file and policy if it fails. */
    CompiledPolicy compile(Policy policy) {
        String where = policy.origin() + ": policy '" + policy.id() + "': when";
        CelValidationResult checked = cel.compile(policy.when(), policy.origin());
        if (checked.hasError()) {
            throw new ConfigException(where + ": " + checked.getErrors().stream()
                    .map(PolicyCompiler::issue).collect(Collectors.joining("; ")));
        }
        try {
            return new CompiledPolicy(policy, cel.createProgram(checked.getAst()));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new ConfigException(where + ": " + e.getMessage().lines().findFirst().orElse("not compilable"));
        }
    }

    private static String issue(CelIssue issue) {
        var at = issue.getSourceLocation();
        String position = at.getLine() > 0 ? at.getLine() + ":" + (at.getColumn() + 1) + ": " : "";
        return position + issue.getMessage().lines().findFirst().orElse("").strip();
    }

    private static StructType struct(String name, Map<String, CelType> fields) {
        return StructType.create(name, ImmutableSet.copyOf(fields.keySet()), field -> Optional.ofNullable(fields.get(field)));
    }

    private static Map<String, CelType> fields(Object... namesAndTypes) {
        Map<String, CelType> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            fields.put((String) namesAndTypes[i], (CelType) namesAndTypes[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(fields);
    }
}
