package io.lightvibes.service.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Gateways are trusted by literal address or CIDR block, IPv4 and IPv6, and nothing else. */
class TrustedProxiesTest {

    private static InetAddress at(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    @Test
    void addressesAndBlocksOfBothFamiliesMatchExactly() {
        var proxies = TrustedProxies.parse(List.of("10.0.0.5", "192.168.64.0/18", "fd00:1::/32", "::1"));
        assertThat(proxies.trusts(at("10.0.0.5"))).isTrue();
        assertThat(proxies.trusts(at("10.0.0.6"))).isFalse();
        assertThat(proxies.trusts(at("192.168.64.0"))).isTrue();
        assertThat(proxies.trusts(at("192.168.127.255"))).isTrue();
        assertThat(proxies.trusts(at("192.168.128.0"))).isFalse();
        assertThat(proxies.trusts(at("192.168.63.255"))).isFalse();
        assertThat(proxies.trusts(at("fd00:1:ffff::9"))).isTrue();
        assertThat(proxies.trusts(at("fd00:2::9"))).isFalse();
        assertThat(proxies.trusts(at("::1"))).isTrue();
        assertThat(proxies.trusts(at("127.0.0.1"))).isFalse();
    }

    @Test
    void anIpv4BlockNeverMatchesAnIpv6AddressNorTheOtherWayRound() {
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts(at("::1"))).isFalse();
        assertThat(TrustedProxies.parse(List.of("::/0")).trusts(at("127.0.0.1"))).isFalse();
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).trusts(at("203.0.113.9"))).isTrue();
    }

    @Test
    void noEntriesTrustNobody() {
        assertThat(TrustedProxies.parse(List.of()).trusts(at("127.0.0.1"))).isFalse();
        assertThat(TrustedProxies.none().isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gateway.example", "localhost", "10.1", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1",
        "fd00::/129", "10.0.0.0/8/8", "1.2.3.4.5", "::g", ""})
    void anythingElseIsRefusedNamingTheVariable(String entry) {
        assertThatThrownBy(() -> TrustedProxies.parse(List.of(entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("LIGHTVIBES_TRUSTED_PROXIES")
                .hasMessageContaining("'" + entry + "'");
    }
}
