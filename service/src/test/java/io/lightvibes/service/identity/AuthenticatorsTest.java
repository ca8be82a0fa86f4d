package io.lightvibes.service.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lightvibes.service.config.ConfigException;
import io.lightvibes.service.config.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The authenticator the settings choose, and the combinations refused at start. */
class AuthenticatorsTest {

    private final MemoryPeers peers = new MemoryPeers();

    private static Settings.Security security(AuthMode mode, boolean allowRemote, Optional<Path> clientCa,
            List<String> proxies) {
        return new Settings.Security(mode, allowRemote, Optional.empty(), Optional.empty(), clientCa, proxies,
                "X-Client-Cert");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.9.8.7", "::1", "localhost"})
    void noneServesLoopback(String host) {
        var authenticator = Authenticators.forServer(security(AuthMode.NONE, false, Optional.empty(), List.of()), host,
                peers);
        assertThat(authenticator.authenticate(null)).isEqualTo(Principal.local());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "192.0.2.10", "2001:db8::1"})
    void noneOnAnAddressOthersCanReachRefusesToStartInOneLine(String host) {
        assertThatThrownBy(() -> Authenticators.forServer(security(AuthMode.NONE, false, Optional.empty(), List.of()),
                host, peers))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("LIGHTVIBES_AUTH=none")
                .hasMessageContaining("LIGHTVIBES_AUTH_NONE_ALLOW_REMOTE=true")
                .hasMessageContaining(host)
                .hasMessageNotContaining("\n");
    }

    @Test
    void noneOnAnyAddressIsAllowedWhenExplicitlyOverridden() {
        assertThat(Authenticators.forServer(security(AuthMode.NONE, true, Optional.empty(), List.of()), "0.0.0.0",
                peers).authenticate(null)).isEqualTo(Principal.local());
    }

    @Test
    void tokenAndMtlsChooseTheirAuthenticators() {
        assertThat(Authenticators.forServer(security(AuthMode.TOKEN, false, Optional.empty(), List.of()), "0.0.0.0",
                peers)).isInstanceOf(TokenAuthenticator.class);
        assertThat(Authenticators.forServer(security(AuthMode.MTLS, false, Optional.of(Path.of("ca.pem")), List.of()),
                "0.0.0.0", peers)).isInstanceOf(CertificateAuthenticator.class);
        assertThat(Authenticators.forServer(security(AuthMode.MTLS, false, Optional.empty(), List.of("10.0.0.0/8")),
                "0.0.0.0", peers)).isInstanceOf(CertificateAuthenticator.class);
    }

    @Test
    void mtlsWithNeitherAClientCaNorAGatewayRefusesToStart() {
        assertThatThrownBy(() -> Authenticators.forServer(security(AuthMode.MTLS, false, Optional.empty(), List.of()),
                "127.0.0.1", peers))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LIGHTVIBES_TLS_CLIENT_CA")
                .hasMessageContaining("LIGHTVIBES_TRUSTED_PROXIES");
    }

    @Test
    void anUnparseableProxyListRefusesToStart() {
        assertThatThrownBy(() -> Authenticators.forServer(security(AuthMode.MTLS, false, Optional.empty(),
                List.of("gateway.example")), "127.0.0.1", peers))
                .isInstanceOf(ConfigException.class).hasMessageContaining("LIGHTVIBES_TRUSTED_PROXIES");
    }
}
