package io.lightvibes.service.identity;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The TLS-terminating gateways whose forwarded client certificate is believed
 * ({@code LIGHTVIBES_TRUSTED_PROXIES}): IPv4 or IPv6 addresses and CIDR blocks, matched against the
 * TCP peer of a connection (never against a header such as {@code X-Forwarded-For}, which anyone
 * can write). Only literal addresses are accepted: a host name would make trust depend on DNS.
 */
public final class TrustedProxies {

    /** Four dotted decimals: the shorter BSD forms ({@code 10.1}) are refused as too easy to misread. */
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final String VARIABLE = "LIGHTVIBES_TRUSTED_PROXIES";

    /** One block: the address bytes and how many leading bits must match. */
    private record Block(byte[] network, int prefixBits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefixBits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefixBits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** No gateway is trusted. */
    public static TrustedProxies none() {
        return new TrustedProxies(List.of());
    }

    /**
     * Parses {@code entries} such as {@code 10.0.0.5}, {@code 10.0.0.0/8}, {@code ::1},
     * {@code fd00::/8}.
     *
     * @throws IllegalArgumentException naming {@value #VARIABLE} and the entry that is not one
     */
    public static TrustedProxies parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries) {
            blocks.add(block(entry.strip()));
        }
        return new TrustedProxies(blocks);
    }

    /** Whether {@code address} is a trusted gateway. */
    public boolean trusts(InetAddress address) {
        byte[] bytes = address.getAddress();
        return blocks.stream().anyMatch(block -> block.contains(bytes));
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    private static Block block(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        byte[] bytes = literal(entry, address);
        int maxBits = bytes.length * 8;
        int prefix = maxBits;
        if (slash >= 0) {
            String bits = entry.substring(slash + 1);
            try {
                prefix = Integer.parseInt(bits);
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > maxBits || !bits.matches("[0-9]{1,3}")) {
                throw invalid(entry, String.format(Locale.ROOT, "the prefix length must be 0 to %d", maxBits));
            }
        }
        return new Block(bytes, prefix);
    }

    private static byte[] literal(String entry, String address) {
        if (!address.contains(":") && !IPV4.matcher(address).matches()) {
            throw invalid(entry, "not an IP address (host names are not accepted)");
        }
        try {
            // ofLiteral never asks DNS.
            return InetAddress.ofLiteral(address).getAddress();
        } catch (IllegalArgumentException e) {
            throw invalid(entry, "not an IP address");
        }
    }

    private static IllegalArgumentException invalid(String entry, String why) {
        return new IllegalArgumentException(String.format(Locale.ROOT,
                "%s: '%s' is %s; give addresses or CIDR blocks such as 10.0.0.5, 10.0.0.0/8 or fd00::/8.",
                VARIABLE, entry, why.startsWith("not") ? why : "invalid: " + why));
    }
}
