package io.lightvibes.service.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lightvibes.service.identity.BearerTokens;
import io.lightvibes.service.identity.CertificateSubjects;
import io.lightvibes.service.identity.NewPeer;
import io.lightvibes.service.identity.PeerRecord;
import io.lightvibes.service.identity.PeerRegistry;
import io.lightvibes.service.identity.PeerStatus;
import io.lightvibes.service.identity.Principal;
import io.lightvibes.service.identity.Roles;
import io.lightvibes.service.sealing.KeyFiles;
import io.lightvibes.service.sealing.RecipientPublicKey;
import io.lightvibes.service.store.JdbcKeyStore;
import io.lightvibes.service.store.StoreConfigException;
import io.lightvibes.service.store.StoreOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code lightvibes peers add|list|revoke|rotate-token}: the peer registry on the configured
 * database ({@code LIGHTVIBES_DATABASE_URL}, else SQLite in {@code LIGHTVIBES_STATE_DIR}, or
 * {@code --database-url}). A token is printed once, when issued; the database keeps its SHA-256.
 */
@Command(name = "peers", mixinStandardHelpOptions = true,
        description = "Register the peers that may call (bearer tokens, client certificate subjects, roles, "
                + "recipient keys), list and revoke them.",
        subcommands = {PeersCommand.Add.class, PeersCommand.ListPeers.class, PeersCommand.Revoke.class,
                PeersCommand.RotateToken.class})
final class PeersCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @ParentCommand
    private LightvibesCommand root;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the registry is: {@code --database-url}, or the settings' store. */
    static final class Database {

        @Option(names = "--database-url", paramLabel = "URL",
                description = "the store (jdbc:sqlite:PATH, jdbc:postgresql://...); default: the configured one")
        private String databaseUrl;

        /** Runs {@code work} on the opened registry and closes the store. */
        <T> T with(PeersCommand parent, CommandSpec spec, Function<PeerRegistry, T> work) {
            String url = databaseUrl != null ? databaseUrl : parent.root.context().settings().databaseUrl();
            JdbcKeyStore store;
            try {
                store = JdbcKeyStore.create(url, StoreOptions.DEFAULTS);
            } catch (StoreConfigException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try (store) {
                store.open();
                return work.apply(store.peers());
            }
        }
    }

    /** {@code peers add NAME --recipient-key FILE [--cert-subject DN] [--role R]... [--json]}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Register a peer with its recipient public key, optional client certificate subject and "
                    + "roles, and print its bearer token once."})
    static final class Add implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME", description = "the peer's name (its peer_id): 1-128 of A-Z a-z 0-9 . _ : -")
        private String name;

        @Option(names = "--recipient-key", required = true, paramLabel = "FILE",
                description = "its recipient public key (recipient.pub, from `lightvibes keygen`)")
        private Path recipientKey;

        @Option(names = "--cert-subject", paramLabel = "DN",
                description = "subject of its client certificate, RFC 2253 (e.g. CN=node-a,O=Example), for AUTH=mtls")
        private String certSubject;

        @Option(names = "--role", paramLabel = "ROLE", description = "a role, e.g. admin; repeatable")
        private List<String> roles = List.of();

        @Option(names = "--json", description = "print JSON")
        private boolean json;

        @Mixin
        private Database database;

        @Spec
        private CommandSpec spec;

        @ParentCommand
        private PeersCommand parent;

        @Override
        public Integer call() {
            requireName(spec, name);
            Set<String> checkedRoles;
            Optional<String> subject;
            try {
                checkedRoles = Roles.checked(roles);
                subject = Optional.ofNullable(certSubject).map(CertificateSubjects::canonical);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            RecipientPublicKey key = KeyFiles.loadPublicKey(recipientKey);
            var token = new BearerTokens(new SecureRandom()).issue();
            var peer = new NewPeer(name, checkedRoles, token.hash(), subject, key, Clock.systemUTC().instant());
            database.with(parent, spec, registry -> {
                registry.add(peer);
                return null;
            });
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode body = JSON.createObjectNode();
                body.put("peer_id", name);
                body.set("roles", rolesArray(checkedRoles));
                body.put("status", PeerStatus.ACTIVE.wireName());
                subject.ifPresentOrElse(dn -> body.put("cert_subject", dn), () -> body.putNull("cert_subject"));
                body.put("recipient_key_id", key.keyId());
                body.put("recipient_key_suite", key.suite().wireName());
                body.put("token", token.token());
                out.println(body);
            } else {
                out.printf("added peer %s (roles: %s; recipient key %s %s; certificate subject: %s)%n", name,
                        checkedRoles.isEmpty() ? "none" : Roles.column(checkedRoles), key.suite().wireName(),
                        key.keyId(), subject.orElse("none"));
                printToken(out, name, token.token());
            }
            out.flush();
            return 0;
        }
    }

    /** {@code peers list [--json]}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every peer, active and revoked.")
    static final class ListPeers implements Callable<Integer> {

        @Option(names = "--json", description = "print JSON")
        private boolean json;

        @Mixin
        private Database database;

        @Spec
        private CommandSpec spec;

        @ParentCommand
        private PeersCommand parent;

        @Override
        public Integer call() {
            List<PeerRecord> peers = database.with(parent, spec, PeerRegistry::list);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ArrayNode array = JSON.createArrayNode();
                peers.forEach(peer -> array.add(asJson(peer)));
                out.println(array);
            } else if (peers.isEmpty()) {
                out.println("no peers registered; add one with `lightvibes peers add NAME --recipient-key FILE`");
            } else {
                out.printf("%-24s %-8s %-16s %-5s %-32s %s%n", "PEER", "STATUS", "ROLES", "TOKEN", "RECIPIENT KEY",
                        "CERTIFICATE SUBJECT");
                for (PeerRecord peer : peers) {
                    out.printf("%-24s %-8s %-16s %-5s %-32s %s%n", peer.peerId(), peer.status(),
                            peer.roles().isEmpty() ? "-" : Roles.column(peer.roles()).replace(' ', ','),
                            peer.hasToken() ? "yes" : "no",
                            peer.recipientKeys().isEmpty() ? "-" : peer.recipientKeys().getFirst().publicKey().keyId(),
                            peer.certSubject().orElse("-"));
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code peers revoke NAME}. */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = {"Revoke a peer: its token and certificate stop authenticating at once. Its name and "
                    + "certificate subject are never reused."})
    static final class Revoke implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME", description = "the peer")
        private String name;

        @Mixin
        private Database database;

        @Spec
        private CommandSpec spec;

        @ParentCommand
        private PeersCommand parent;

        @Override
        public Integer call() {
            requireName(spec, name);
            Optional<PeerRecord> before = database.with(parent, spec, registry -> {
                Optional<PeerRecord> found = registry.find(name);
                found.filter(peer -> peer.status() == PeerStatus.ACTIVE)
                        .ifPresent(peer -> registry.revoke(name, Clock.systemUTC().instant()));
                return found;
            });
            if (before.isEmpty()) {
                return failed(spec, "no peer named " + name + " (see `lightvibes peers list`)");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (before.get().status() == PeerStatus.REVOKED) {
                out.printf("peer %s was revoked already (%s); nothing changed%n", name,
                        before.get().revokedAt().map(Object::toString).orElse("earlier"));
            } else {
                out.printf("revoked peer %s: its token and certificate no longer authenticate%n", name);
            }
            out.flush();
            return 0;
        }
    }

    /** {@code peers rotate-token NAME [--json]}. */
    @Command(name = "rotate-token", mixinStandardHelpOptions = true,
            description = "Issue a new bearer token for an active peer and print it once; the old one stops working.")
    static final class RotateToken implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME", description = "the peer")
        private String name;

        @Option(names = "--json", description = "print JSON")
        private boolean json;

        @Mixin
        private Database database;

        @Spec
        private CommandSpec spec;

        @ParentCommand
        private PeersCommand parent;

        @Override
        public Integer call() {
            requireName(spec, name);
            var token = new BearerTokens(new SecureRandom()).issue();
            boolean replaced = database.with(parent, spec, registry -> registry.replaceToken(name, token.hash()));
            if (!replaced) {
                return failed(spec, "no active peer named " + name + " (unknown or revoked; see `lightvibes peers list`)");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode body = JSON.createObjectNode();
                body.put("peer_id", name);
                body.put("token", token.token());
                out.println(body);
            } else {
                out.printf("new token for peer %s; the previous one no longer authenticates%n", name);
                printToken(out, name, token.token());
            }
            out.flush();
            return 0;
        }
    }

    private static void requireName(CommandSpec spec, String name) {
        if (!Principal.PEER_ID.matcher(name).matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "NAME must be 1 to 128 of A-Z a-z 0-9 . _ : - (like a session's peer_id), not '" + name + "'");
        }
    }

    private static int failed(CommandSpec spec, String message) {
        spec.commandLine().getErr().println("lightvibes: " + message);
        spec.commandLine().getErr().flush();
        return LightvibesCommand.EXIT_FAILED;
    }

    private static void printToken(PrintWriter out, String name, String token) {
        out.println("token: " + token);
        out.printf(Locale.ROOT, "This token is shown once and cannot be recovered (only its SHA-256 is stored); keep "
                + "it secret. Replace it with `lightvibes peers rotate-token %s`.%n", name);
    }

    private static ArrayNode rolesArray(Set<String> roles) {
        ArrayNode array = JSON.createArrayNode();
        roles.stream().sorted().forEach(array::add);
        return array;
    }

    private static ObjectNode asJson(PeerRecord peer) {
        ObjectNode body = JSON.createObjectNode();
        body.put("peer_id", peer.peerId());
        body.set("roles", rolesArray(peer.roles()));
        body.put("status", peer.status().wireName());
        peer.certSubject().ifPresentOrElse(dn -> body.put("cert_subject", dn), () -> body.putNull("cert_subject"));
        body.put("has_token", peer.hasToken());
        ArrayNode keys = body.putArray("recipient_keys");
        for (PeerRecord.RecipientKey key : peer.recipientKeys()) {
            keys.addObject().put("key_id", key.publicKey().keyId()).put("suite", key.publicKey().suite().wireName())
                    .put("added_at", key.addedAt().toString());
        }
        body.put("created_at", peer.createdAt().toString());
        peer.revokedAt().ifPresentOrElse(at -> body.put("revoked_at", at.toString()), () -> body.putNull("revoked_at"));
        return body;
    }
}
