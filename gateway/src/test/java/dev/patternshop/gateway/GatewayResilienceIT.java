package dev.patternshop.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.patternshop.infra.embedded.Ports;
import dev.patternshop.testsupport.RealInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Per-route resilience: a failing service trips the route's breaker, which then fails fast with 503 and
 * Retry-After without touching the service, and closes again once it recovers. A GET that meets a dead
 * instance is retried on the live one; a POST is not retried.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "resilience4j.circuitbreaker.configs.default.sliding-window-size=4",
        "resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=4",
        "resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=2s",
        "resilience4j.circuitbreaker.configs.default.permitted-number-of-calls-in-half-open-state=1"})
@RealInfrastructure(redis = true)
class GatewayResilienceIT {

    static final WireMockServer PAYMENTS = WireMockBackends.started();
    static final WireMockServer CATALOG_LIVE = WireMockBackends.started();
    static final WireMockServer INVENTORY_A = WireMockBackends.started();
    static final WireMockServer INVENTORY_B = WireMockBackends.started();
    static final int CATALOG_DEAD_PORT = Ports.free();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.payment-service[0].uri", PAYMENTS::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.catalog-service[0].uri",
                () -> "http://127.0.0.1:" + CATALOG_DEAD_PORT);
        registry.add("spring.cloud.discovery.client.simple.instances.catalog-service[1].uri", CATALOG_LIVE::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", INVENTORY_A::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[1].uri", INVENTORY_B::baseUrl);
    }

    @AfterAll
    static void stopBackends() {
        PAYMENTS.stop();
        CATALOG_LIVE.stop();
        INVENTORY_A.stop();
        INVENTORY_B.stop();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    @BeforeEach
    void reset() {
        // Requests only; a newer stub wins over an older one.
        for (WireMockServer backend : new WireMockServer[] {PAYMENTS, CATALOG_LIVE, INVENTORY_A, INVENTORY_B}) {
            backend.resetRequests();
        }
        CATALOG_LIVE.stubFor(WireMock.any(urlPathMatching("/products/.*|/admin-free/.*"))
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
    }

    @Test
    void failingServiceTripsTheBreakerWhichFailsFastThenRecovers() {
        PAYMENTS.stubFor(WireMock.get(urlPathMatching("/p/.*")).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 4; i++) {
            assertThat(get("/api/payments/p/1").statusCode()).isEqualTo(503);
        }
        int seenByService = paymentCalls();
        assertThat(seenByService).as("a 500 is not retried: only connection failures are").isEqualTo(4);

        HttpResponse<String> fastFail = get("/api/payments/p/1");

        assertThat(breakers.circuitBreaker("payments").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(fastFail.statusCode()).isEqualTo(503);
        assertThat(fastFail.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(fastFail.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(paymentCalls()).as("an open breaker does not call the service").isEqualTo(seenByService);

        PAYMENTS.stubFor(WireMock.get(urlPathMatching("/p/.*")).willReturn(aResponse().withStatus(200).withBody("paid")));
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(get("/api/payments/p/1").statusCode()).isEqualTo(200));
        assertThat(breakers.circuitBreaker("payments").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void killingOneOfTwoInstancesDuringARunOfGetsFailsNoneOfThem() {
        for (WireMockServer instance : new WireMockServer[] {INVENTORY_A, INVENTORY_B}) {
            instance.stubFor(WireMock.get(urlPathMatching("/stock/.*")).willReturn(aResponse().withStatus(200).withBody("7")));
        }
        for (int i = 0; i < 60; i++) {
            if (i == 20) {
                INVENTORY_B.stop();
            }
            assertThat(get("/api/inventory/stock/" + i).statusCode()).as("GET %d", i).isEqualTo(200);
        }
        INVENTORY_B.start();
    }

    @Test
    void getThatMeetsADeadInstanceIsRetriedOnTheLiveOne() {
        for (int i = 0; i < 10; i++) {
            assertThat(get("/api/catalog/products/" + i).statusCode()).as("GET %d", i).isEqualTo(200);
        }
    }

    @Test
    void postIsNotRetriedOnADeadInstance() throws Exception {
        int failed = 0;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/catalog/admin-free/x")))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                failed++;
            }
        }

        // Round robin sends POSTs to the dead instance too; a retried POST would have reached the live one.
        assertThat(failed).as("POSTs that met the dead instance (or the breaker it opened) fail").isPositive();
        CATALOG_LIVE.verify(10 - failed, postRequestedFor(urlPathMatching("/.*")));
    }

    private static int paymentCalls() {
        return PAYMENTS.countRequestsMatching(WireMock.getRequestedFor(urlPathMatching("/p/.*")).build()).getCount();
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
