package dev.patternshop.notification.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Server-side request forgery guard: a webhook URL may only reach the public internet. Checked when a customer
 * registers a URL and again right before every attempt (the name may resolve elsewhere by then). Refused: any scheme
 * but http(s), user info, a fragment, no host, a name that does not resolve, and a host with ANY address in an
 * internal or special range ({@link #BLOCKS}), IPv4 embedded in IPv6 included. A name resolving to one public and
 * one private address is refused: the connection could take either.
 *
 * <p>Exempt are the {@code allowed-hosts} entries, matched against the URL's host as written ({@code host} for any
 * port, {@code host:port} for one), never against what it resolves to.
 *
 * <p>What it cannot close alone: the HTTP client resolves the name again when it connects, so a DNS server that
 * answers differently within milliseconds (rebinding) could still win that race. Redirects are never followed
 * ({@link WebhookSender}). The second wall belongs to the deployment, not to this code: a network egress policy (or
 * proxy) that lets this service reach only the public internet; the embedded runtime and compose have none.
 */
public final class DestinationPolicy {

    /** Ranges no webhook may reach, with the name a refusal gives them (RFC 6890 special-purpose registries). */
    static final List<Block> BLOCKS = List.of(
            Block.of("0.0.0.0/8", "an unspecified (\"this network\") address"),
            Block.of("10.0.0.0/8", "a private address"),
            Block.of("100.64.0.0/10", "a carrier-grade NAT address"),
            Block.of("127.0.0.0/8", "a loopback address"),
            Block.of("169.254.0.0/16", "a link-local address (cloud metadata lives at 169.254.169.254)"),
            Block.of("172.16.0.0/12", "a private address"),
            Block.of("192.0.0.0/24", "an IETF protocol assignment"),
            Block.of("192.0.2.0/24", "a documentation address"),
            Block.of("192.168.0.0/16", "a private address"),
            Block.of("198.18.0.0/15", "a benchmarking address"),
            Block.of("198.51.100.0/24", "a documentation address"),
            Block.of("203.0.113.0/24", "a documentation address"),
            Block.of("224.0.0.0/4", "a multicast address"),
            Block.of("240.0.0.0/4", "a reserved or broadcast address"),
            Block.of("::/128", "an unspecified address"),
            Block.of("::1/128", "a loopback address"),
            Block.of("fc00::/7", "a unique local (private) address"),
            Block.of("fe80::/10", "a link-local address"),
            Block.of("fec0::/10", "a site-local address"),
            Block.of("ff00::/8", "a multicast address"),
            Block.of("2001:db8::/32", "a documentation address"),
            Block.of("2001::/32", "a Teredo tunnel address"));

    private static final Set<String> SCHEMES = Set.of("http", "https");
    private static final int HTTP_PORT = 80;
    private static final int HTTPS_PORT = 443;
    private static final int IPV4_BYTES = 4;
    private static final int IPV6_BYTES = 16;
    /** IPv4 embedded in IPv6: the last 4 bytes after these prefixes (compatible ::/96, NAT64 64:ff9b::/96). */
    private static final List<Block> EMBEDDING_IPV4_IN_LAST_BYTES =
            List.of(Block.of("::/96", "an IPv4-compatible address"), Block.of("64:ff9b::/96", "a NAT64 address"));
    /** 6to4 (2002::/16) carries its IPv4 address in bytes 2 to 5. */
    private static final Block SIX_TO_FOUR = Block.of("2002::/16", "a 6to4 address");

    /** The only IPv6 space with public unicast addresses; everything outside it is refused. */
    private static final Block GLOBAL_UNICAST = Block.of("2000::/3", "a global unicast address");
    /** Labels all decimal or 0x-hex: an address literal, accepted only as canonical dotted decimal. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)((0x[0-9a-f]*|[0-9]+)\\.?)+");

    private static final Pattern CANONICAL_IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

    private final HostResolver resolver;
    private final Set<String> allowedHosts;

    public DestinationPolicy(HostResolver resolver, List<String> allowedHosts) {
        this.resolver = resolver;
        this.allowedHosts = allowedHosts.stream()
                .map(host -> host.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    /** Answers the URI if a webhook may be sent to it; else throws {@link UnsafeWebhookUrl} saying why. */
    public URI check(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new UnsafeWebhookUrl("the URL is not a valid URI");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            throw new UnsafeWebhookUrl("only http and https URLs are accepted");
        }
        if (uri.getRawUserInfo() != null) {
            throw new UnsafeWebhookUrl("the URL must not carry user info (user:password@)");
        }
        if (uri.getRawFragment() != null) {
            throw new UnsafeWebhookUrl("the URL must not carry a fragment (#...)");
        }
        // URI leaves the host null when the authority is no valid host name or IP literal (e.g. 0x7f.1, 2130706433):
        // what the JDK cannot parse as a host is never guessed at.
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new UnsafeWebhookUrl("the URL has no valid host");
        }
        // 0177.0.0.1 is 127.0.0.1 to some parsers and 177.0.0.1 to others, 2130706433 is 127.0.0.1 to many: an
        // address written in any but the one unambiguous form is refused rather than interpreted.
        if (NUMERIC_HOST.matcher(host).matches()
                && !CANONICAL_IPV4.matcher(host).matches()) {
            throw new UnsafeWebhookUrl("the host " + host + " is an address in an ambiguous form; write it as a.b.c.d");
        }
        if (allowed(host, port(uri))) {
            return uri;
        }
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException | IllegalArgumentException e) {
            // IllegalArgumentException: an address literal the JDK finds ambiguous (leading zeros: octal or decimal?).
            throw new UnsafeWebhookUrl("the host " + host + " does not resolve");
        }
        if (addresses.isEmpty()) {
            throw new UnsafeWebhookUrl("the host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            internal(address).ifPresent(kind -> {
                throw new UnsafeWebhookUrl("the host " + host + " resolves to " + address.getHostAddress() + ", " + kind
                        + "; webhooks are only sent to public addresses");
            });
        }
        return uri;
    }

    /** The URI's port, or its scheme's default. */
    static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? HTTPS_PORT : HTTP_PORT;
    }

    private boolean allowed(String host, int port) {
        String bare = host.toLowerCase(Locale.ROOT);
        return allowedHosts.contains(bare) || allowedHosts.contains(bare + ":" + port);
    }

    /** The kind of internal range the address is in, or empty for a public address. */
    static Optional<String> internal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            for (Block embedding : EMBEDDING_IPV4_IN_LAST_BYTES) {
                if (embedding.contains(bytes) && !isUnspecifiedOrLoopback(bytes)) {
                    return embeddedIpv4(Arrays.copyOfRange(bytes, IPV6_BYTES - IPV4_BYTES, IPV6_BYTES), embedding);
                }
            }
            if (SIX_TO_FOUR.contains(bytes)) {
                return embeddedIpv4(Arrays.copyOfRange(bytes, 2, 2 + IPV4_BYTES), SIX_TO_FOUR);
            }
        }
        if (address instanceof Inet6Address && !GLOBAL_UNICAST.contains(bytes)) {
            return Optional.of("an IPv6 address outside global unicast (2000::/3)");
        }
        if (address instanceof Inet4Address || address instanceof Inet6Address) {
            return BLOCKS.stream()
                    .filter(block -> block.contains(bytes))
                    .map(Block::kind)
                    .findFirst();
        }
        return Optional.of("an address of an unknown family");
    }

    private static Optional<String> embeddedIpv4(byte[] ipv4, Block embedding) {
        return BLOCKS.stream()
                .filter(block -> block.contains(ipv4))
                .map(block -> embedding.kind() + " embedding " + block.kind())
                .findFirst();
    }

    private static boolean isUnspecifiedOrLoopback(byte[] ipv6) {
        for (int i = 0; i < IPV6_BYTES - 1; i++) {
            if (ipv6[i] != 0) {
                return false;
            }
        }
        return ipv6[IPV6_BYTES - 1] == 0 || ipv6[IPV6_BYTES - 1] == 1;
    }

    /** A CIDR range: the first {@code bits} bits of {@code prefix}. */
    record Block(byte[] prefix, int bits, String kind) {

        static Block of(String cidr, String kind) {
            int slash = cidr.indexOf('/');
            try {
                byte[] prefix = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                return new Block(prefix, Integer.parseInt(cidr.substring(slash + 1)), kind);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int full = bits / Byte.SIZE;
            for (int i = 0; i < full; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % Byte.SIZE;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (Byte.SIZE - rest)) & 0xff;
            return (address[full] & mask) == (prefix[full] & mask);
        }
    }
}
