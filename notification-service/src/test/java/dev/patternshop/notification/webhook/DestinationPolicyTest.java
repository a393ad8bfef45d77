package dev.patternshop.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationPolicyTest {

    /** Names and what they resolve to; literals resolve to themselves, as the JDK resolves them (no DNS). */
    private static final Map<String, List<String>> DNS = Map.of(
            "hooks.example.com", List.of("93.184.216.34"),
            "v6.example.com", List.of("2606:2800:220:1:248:1893:25c8:1946"),
            "internal.example.com", List.of("10.1.2.3"),
            "metadata.example.com", List.of("169.254.169.254"),
            "mixed.example.com", List.of("93.184.216.34", "192.168.1.10"),
            "localhost", List.of("127.0.0.1", "::1"),
            "mapped.example.com", List.of("::ffff:127.0.0.1"),
            "nat64.example.com", List.of("64:ff9b::a00:1"),
            "sixtofour.example.com", List.of("2002:c0a8:0101::1"));

    private final List<String> looked = new ArrayList<>();
    private final HostResolver fake = host -> {
        looked.add(host);
        List<String> addresses = DNS.get(host);
        if (addresses == null) {
            if (Character.isLetter(host.charAt(host.length() - 1))) {
                throw new UnknownHostException(host);
            }
            // An IP literal, parsed as the JDK parses it, never sent to DNS (throws for what is no literal).
            return List.of(InetAddress.ofLiteral(host.replace("[", "").replace("]", "")));
        }
        List<InetAddress> resolved = new ArrayList<>();
        for (String address : addresses) {
            resolved.add(InetAddress.getByName(address));
        }
        return resolved;
    };
    private final DestinationPolicy policy = new DestinationPolicy(fake, List.of());

    @Test
    void aPublicHttpsUrlIsAccepted() {
        assertThat(policy.check("https://hooks.example.com/orders?x=1"))
                .isEqualTo(URI.create("https://hooks.example.com/orders?x=1"));
        assertThat(policy.check("http://v6.example.com:8080/hook")).hasHost("v6.example.com");
        assertThat(policy.check("https://[2606:2800:220:1:248:1893:25c8:1946]/hook"))
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1/",
                "http://127.1.2.3:8080/",
                "http://localhost:8080/",
                "http://[::1]/",
                "http://0.0.0.0/",
                "http://[::]/",
                "http://10.0.0.1/",
                "http://172.16.0.1/",
                "http://172.31.255.255/",
                "http://192.168.0.1/",
                "http://169.254.169.254/latest/meta-data/",
                "http://[fe80::1]/",
                "http://[fd00:ec2::254]/",
                "http://100.64.0.1/",
                "http://100.100.100.200/",
                "http://192.0.0.1/",
                "http://198.18.0.1/",
                "http://224.0.0.1/",
                "http://255.255.255.255/",
                "http://[ff02::1]/",
                "http://[::ffff:10.0.0.1]/",
                "http://[::ffff:169.254.169.254]/",
                "http://[::127.0.0.1]/",
                "http://[64:ff9b::a9fe:a9fe]/",
                "http://internal.example.com/",
                "http://metadata.example.com/",
                "http://mixed.example.com/",
                "http://mapped.example.com/",
                "http://nat64.example.com/",
                "http://sixtofour.example.com/"
            })
    void anInternalDestinationIsRefused(String url) {
        assertThatThrownBy(() -> policy.check(url))
                .isInstanceOf(UnsafeWebhookUrl.class)
                .hasMessageContaining("webhooks are only sent to public addresses");
    }

    @Test
    void theRefusalNamesTheAddressAndItsKind() {
        assertThatThrownBy(() -> policy.check("http://metadata.example.com/"))
                .hasMessageContaining("169.254.169.254")
                .hasMessageContaining("link-local");
        assertThatThrownBy(() -> policy.check("http://mixed.example.com/"))
                .hasMessageContaining("192.168.1.10")
                .hasMessageContaining("private");
    }

    /** Integer, hex and octal spellings of 127.0.0.1: whatever the parser makes of them, they never get through. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://2130706433/",
                "http://0x7f.1/",
                "http://0x7f000001/",
                "http://017700000001/",
                "http://0177.0.0.1/",
                "http://127.000.000.001/",
                "http://127.1/",
                "http://[0:0:0:0:0:ffff:7f00:1]/"
            })
    void numericSpellingsOfLoopbackAreRefused(String url) {
        assertThatThrownBy(() -> policy.check(url)).isInstanceOf(UnsafeWebhookUrl.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://hooks.example.com/",
                "file:///etc/passwd",
                "gopher://hooks.example.com/",
                "hooks.example.com/no-scheme",
                "https://user:pass@hooks.example.com/",
                "https://hooks.example.com/#fragment",
                "https:///no-host",
                "https://exa mple.com/",
                "https://unknown.example.com/"
            })
    void aUrlThatIsNotAPlainPublicHttpUrlIsRefused(String url) {
        assertThatThrownBy(() -> policy.check(url)).isInstanceOf(UnsafeWebhookUrl.class);
    }

    @Test
    void anAllowedHostIsExemptAsWrittenAndOnlyThat() {
        DestinationPolicy allowing = new DestinationPolicy(fake, List.of("127.0.0.1", "internal.example.com:8443"));

        assertThat(allowing.check("http://127.0.0.1:9999/hook")).isNotNull();
        assertThat(allowing.check("https://internal.example.com:8443/hook")).isNotNull();
        assertThat(looked).isEmpty();
        // Another spelling of the same address, or another port of a host:port entry, is checked like any URL.
        assertThatThrownBy(() -> allowing.check("http://localhost:9999/hook")).isInstanceOf(UnsafeWebhookUrl.class);
        assertThatThrownBy(() -> allowing.check("https://internal.example.com/hook"))
                .isInstanceOf(UnsafeWebhookUrl.class);
    }

    @Test
    void theBlockTableRefusesTheEdgesOfEachRangeOnly() throws UnknownHostException {
        assertThat(DestinationPolicy.internal(InetAddress.getByName("172.15.255.255")))
                .isEmpty();
        assertThat(DestinationPolicy.internal(InetAddress.getByName("172.32.0.0")))
                .isEmpty();
        assertThat(DestinationPolicy.internal(InetAddress.getByName("100.63.255.255")))
                .isEmpty();
        assertThat(DestinationPolicy.internal(InetAddress.getByName("100.128.0.0")))
                .isEmpty();
        assertThat(DestinationPolicy.internal(InetAddress.getByName("8.8.8.8"))).isEmpty();
        assertThat(DestinationPolicy.internal(InetAddress.getByName("2606:4700::1111")))
                .isEmpty();
        assertThat(DestinationPolicy.internal(InetAddress.getByName("172.16.0.0")))
                .isPresent();
        assertThat(DestinationPolicy.internal(InetAddress.getByName("100.127.255.255")))
                .isPresent();
        assertThat(DestinationPolicy.internal(InetAddress.getByName("fdff::1"))).isPresent();
        // IPv6 outside global unicast (2000::/3) is refused whatever it is.
        assertThat(DestinationPolicy.internal(InetAddress.getByName("fe00::1"))).isPresent();
        assertThat(DestinationPolicy.internal(InetAddress.getByName("4000::1"))).isPresent();
    }
}
