package dev.patternshop.gateway;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/** WireMock servers standing in for service instances behind the gateway, on loopback and free ports. */
final class WireMockBackends {

    private WireMockBackends() {
    }

    static WireMockServer started() {
        WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        return server;
    }
}
