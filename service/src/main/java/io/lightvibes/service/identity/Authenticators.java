package io.lightvibes.service.identity;

import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.config.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/** Chooses the server's {@link Authenticator} from the settings, refusing combinations that would be unsafe or useless. */
public final class Authenticators {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private Authenticators() {
    }

    /**
     * The authenticator for a server bound to {@code host}.
     *
     * @throws ConfigException (one line naming the variable) for {@code AUTH=none} on an address
     *     other hosts can reach without {@code LIGHTVIBES_AUTH_NONE_ALLOW_REMOTE=true}, for
     *     {@code AUTH=mtls} with neither a client CA nor a trusted gateway, and for an unparseable
     *     {@code LIGHTVIBES_TRUSTED_PROXIES}
     */
    public static Authenticator forServer(Settings.Security security, String host, PeerRegistry peers) {
        TrustedProxies proxies;
        try {
            proxies = TrustedProxies.parse(security.trustedProxies());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return switch (security.auth()) {
            case NONE -> {
                if (!security.allowRemoteWithoutAuth() && !isLoopback(host)) {
                    throw new ConfigException(String.format(Locale.ROOT, "LIGHTVIBES_AUTH=none serves every caller "
                            + "as the operator, so it binds to loopback only, not %s: set LIGHTVIBES_AUTH=token or "
                            + "mtls (register callers with `lightvibes peers add`), bind to 127.0.0.1, or set "
                            + "LIGHTVIBES_AUTH_NONE_ALLOW_REMOTE=true if something else guards the port.", host));
                }
                yield Authenticator.none();
            }
            case TOKEN -> new TokenAuthenticator(peers);
            case MTLS -> {
                if (security.tlsClientCa().isEmpty() && proxies.isEmpty()) {
                    throw new ConfigException("LIGHTVIBES_AUTH=mtls needs client certificates to come from "
                            + "somewhere: set LIGHTVIBES_TLS_CLIENT_CA with LIGHTVIBES_TLS_CERT and LIGHTVIBES_TLS_KEY "
                            + "(serve --tls-client-ca --tls-cert --tls-key), or a TLS-terminating gateway in "
                            + "LIGHTVIBES_TRUSTED_PROXIES.");
                }
                yield new CertificateAuthenticator(peers, proxies, security.clientCertHeader());
            }
        };
    }

    /**
     * Whether every address {@code host} names is a loopback one. Literals are read without DNS;
     * a name that does not resolve counts as remote (refusing is the safe answer).
     */
    static boolean isLoopback(String host) {
        try {
            InetAddress[] addresses = host.contains(":") || IPV4.matcher(host).matches()
                    ? new InetAddress[] {InetAddress.ofLiteral(host)}
                    : InetAddress.getAllByName(host);
            return addresses.length > 0 && Arrays.stream(addresses).allMatch(InetAddress::isLoopbackAddress);
        } catch (IllegalArgumentException | UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
