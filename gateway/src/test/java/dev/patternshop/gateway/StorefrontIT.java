package dev.patternshop.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.patternshop.testsupport.RealInfrastructure;
import dev.patternshop.testsupport.web.TestHttpClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The storefront aggregates catalog and inventory in parallel and answers with whatever arrived; each part has a
 * breaker that stops calling a failing service. (Its rate limit: {@code GatewayRateLimitIT}.)
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gateway.storefront.part-timeout=500ms",
            "resilience4j.circuitbreaker.instances.storefront-inventory.sliding-window-size=4",
            "resilience4j.circuitbreaker.instances.storefront-inventory.minimum-number-of-calls=4",
            "resilience4j.circuitbreaker.instances.storefront-inventory.wait-duration-in-open-state=1h"
        })
@RealInfrastructure(redis = true)
class StorefrontIT {

    static final WireMockServer CATALOG = WireMockBackends.started();
    static final WireMockServer INVENTORY = WireMockBackends.started();

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.catalog-service[0].uri", CATALOG::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", INVENTORY::baseUrl);
    }

    @AfterAll
    static void stopBackends() {
        CATALOG.stop();
        INVENTORY.stop();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    @BeforeEach
    void stubs() {
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        CATALOG.resetAll();
        WireMockBackends.answerReadiness(CATALOG);
        INVENTORY.resetAll();
        WireMockBackends.answerReadiness(INVENTORY);
        CATALOG.stubFor(WireMock.get(urlEqualTo("/products/7")).willReturn(json("{\"id\":7,\"name\":\"Oak Lamp\"}")));
        INVENTORY.stubFor(WireMock.get(urlEqualTo("/products/7"))
                .willReturn(json("{\"productId\":7,\"available\":3,\"reserved\":0,\"version\":4}")));
    }

    @Test
    void bothPartsArriveInOneAnswer() {
        HttpResponse<String> response = get("/api/storefront/products/7");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"name\":\"Oak Lamp\"")
                .contains("\"available\":3")
                .contains("\"missing\":[]");
    }

    @Test
    void slowInventoryIsLeftOutAndNamed() {
        INVENTORY.stubFor(WireMock.get(urlEqualTo("/products/7"))
                .willReturn(json("{\"available\":3}").withFixedDelay(2_000)));

        HttpResponse<String> response = get("/api/storefront/products/7");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"name\":\"Oak Lamp\"")
                .contains("\"availability\":null")
                .contains("\"missing\":[\"availability\"]");
    }

    @Test
    void failingCatalogLeavesTheAvailability() {
        CATALOG.stubFor(
                WireMock.get(urlEqualTo("/products/7")).willReturn(aResponse().withStatus(500)));

        HttpResponse<String> response = get("/api/storefront/products/7");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"product\":null").contains("\"missing\":[\"product\"]");
    }

    @Test
    void aFailingInventoryOpensItsBreakerAndIsNoLongerCalled() {
        INVENTORY.stubFor(
                WireMock.get(urlEqualTo("/products/7")).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 4; i++) {
            assertThat(get("/api/storefront/products/7").body()).contains("\"missing\":[\"availability\"]");
        }
        int calledWhileClosed = INVENTORY
                .countRequestsMatching(
                        getRequestedFor(urlEqualTo("/products/7")).build())
                .getCount();

        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get("/api/storefront/products/7");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"name\":\"Oak Lamp\"").contains("\"missing\":[\"availability\"]");
        }

        assertThat(breakers.circuitBreaker("storefront-inventory").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(INVENTORY
                        .countRequestsMatching(
                                getRequestedFor(urlEqualTo("/products/7")).build())
                        .getCount())
                .as("an open breaker does not call the inventory")
                .isEqualTo(calledWhileClosed);
    }

    @Test
    void anInventoryWithoutTheProductIsNotAFailure() {
        INVENTORY.stubFor(
                WireMock.get(urlEqualTo("/products/7")).willReturn(aResponse().withStatus(404)));
        for (int i = 0; i < 6; i++) {
            assertThat(get("/api/storefront/products/7").statusCode()).isEqualTo(200);
        }

        assertThat(breakers.circuitBreaker("storefront-inventory").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void unknownProductIsNotFound() {
        CATALOG.stubFor(
                WireMock.get(urlEqualTo("/products/8")).willReturn(aResponse().withStatus(404)));

        assertThat(get("/api/storefront/products/8").statusCode()).isEqualTo(404);
    }

    @Test
    void bothPartsMissingIsServiceUnavailable() {
        CATALOG.stubFor(
                WireMock.get(urlEqualTo("/products/7")).willReturn(aResponse().withStatus(500)));
        INVENTORY.stubFor(
                WireMock.get(urlEqualTo("/products/7")).willReturn(aResponse().withStatus(503)));

        HttpResponse<String> response = get("/api/storefront/products/7");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    private HttpResponse<String> get(String path) {
        return TestHttpClient.onPort(port).get(path);
    }
}
