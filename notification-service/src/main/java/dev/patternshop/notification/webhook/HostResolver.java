package dev.patternshop.notification.webhook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Turns a URL's host into the addresses a connection could reach. Tests pass a fake; the service uses DNS. */
@FunctionalInterface
public interface HostResolver {

    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The system resolver (DNS, /etc/hosts), as the HTTP client itself will resolve the host. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
