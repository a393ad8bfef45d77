package dev.patternshop.gateway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.patternshop.infra.embedded.Ports;
import java.util.List;

/**
 * WireMock servers standing in for service instances behind the gateway, on loopback and free ports. Each
 * answers the readiness probe the gateway's load balancer checks, as a healthy service would.
 */
final class WireMockBackends {

    static final String READINESS = "/actuator/health/readiness";

    private WireMockBackends() {}

    /** On a free port chosen now and kept: a test that stops an instance and starts it again finds it where it was. */
    static WireMockServer started() {
        WireMockServer server =
                new WireMockServer(options().bindAddress("127.0.0.1").port(Ports.free()));
        server.start();
        answerReadiness(server);
        return server;
    }

    /** What clients sent through the gateway: every request but the load balancer's readiness checks. */
    static List<ServeEvent> forwarded(WireMockServer server) {
        return server.getAllServeEvents().stream()
                .filter(event -> !event.getRequest().getUrl().startsWith(READINESS))
                .toList();
    }

    /** Again after a {@code resetAll()}. */
    static void answerReadiness(WireMockServer server) {
        server.stubFor(WireMock.get(READINESS).willReturn(WireMock.okJson("{\"status\":\"UP\"}")));
    }
}
