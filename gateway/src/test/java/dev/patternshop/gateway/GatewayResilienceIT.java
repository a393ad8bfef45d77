package dev.patternshop.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.patternshop.gateway.loadbalancing.InstanceEjection;
import dev.patternshop.testsupport.RealInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Per-route resilience: a failing service (502/504, timeouts, refused connections) trips the route's breaker,
 * which then fails fast with 503 and Retry-After without touching the service, and closes again once it recovers;
 * a 500 one client's request earned does not count. The load balancer checks each instance's readiness every
 * 2 s and leaves failing ones out; between a crash and that check, an instance whose connection failed is ejected
 * at once, a GET (or, on the orders route only, a request with an Idempotency-Key) that met it is retried on a live
 * one, and a POST without a key is never sent twice.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "resilience4j.circuitbreaker.configs.default.sliding-window-size=4",
            "resilience4j.circuitbreaker.configs.default.minimum-number-of-calls=4",
            "resilience4j.circuitbreaker.configs.default.wait-duration-in-open-state=2s",
            "resilience4j.circuitbreaker.configs.default.permitted-number-of-calls-in-half-open-state=1",
            // Longer than any test here: an ejection lasts until the next test clears it.
            "gateway.load-balancing.ejection-time=30s",
            // One client sends hundreds of requests a second here, as fast as the machine allows; whether a limit
            // of 100 a second refuses some depends on that speed. Limits are GatewayRateLimitIT's subject.
            "gateway.rate-limit.default-policy.capacity=100000",
            "gateway.rate-limit.routes.catalog.capacity=100000"
        })
@RealInfrastructure(redis = true)
class GatewayResilienceIT {

    static final WireMockServer PAYMENTS = WireMockBackends.started();
    static final WireMockServer CATALOG_LIVE = WireMockBackends.started();
    /** Looks ready to the health check but drops every request: crashed since the last check. */
    static final WireMockServer CATALOG_CRASHING = WireMockBackends.started();

    static final WireMockServer INVENTORY_A = WireMockBackends.started();
    static final WireMockServer INVENTORY_B = WireMockBackends.started();
    static final String CATALOG_PATHS = "/products/.*|/admin-free/.*";

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.payment-service[0].uri", PAYMENTS::baseUrl);
        registry.add(
                "spring.cloud.discovery.client.simple.instances.catalog-service[0].uri", CATALOG_CRASHING::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.catalog-service[1].uri", CATALOG_LIVE::baseUrl);
        // The same two backends play the order service: its route alone retries requests with an Idempotency-Key.
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", CATALOG_CRASHING::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[1].uri", CATALOG_LIVE::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", INVENTORY_A::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[1].uri", INVENTORY_B::baseUrl);
    }

    @AfterAll
    static void stopBackends() {
        for (WireMockServer backend : all()) {
            backend.stop();
        }
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    InstanceEjection ejection;

    @Autowired
    LoadBalancerClientFactory loadBalancers;

    EdgeClient edge;
    String alice;

    @BeforeEach
    void reset() {
        // Requests only; a newer stub wins over an older one.
        for (WireMockServer backend : all()) {
            backend.resetRequests();
            WireMockBackends.answerReadiness(backend);
        }
        CATALOG_LIVE.stubFor(WireMock.any(urlPathMatching(CATALOG_PATHS))
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        CATALOG_CRASHING.stubFor(WireMock.any(urlPathMatching(CATALOG_PATHS))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        for (WireMockServer instance : new WireMockServer[] {INVENTORY_A, INVENTORY_B}) {
            instance.stubFor(WireMock.get(urlPathMatching("/products/.*"))
                    .willReturn(aResponse().withStatus(200).withBody("7")));
        }
        breakers.getAllCircuitBreakers().forEach(CircuitBreaker::reset);
        ejection.clear();
        // Right after start (and after a test that took an instance out) a service has one instance in the
        // rotation until the next health-check round: every test starts with both in it.
        for (String service : new String[] {"catalog-service", "order-service", "inventory-service"}) {
            awaitBothInstancesInTheRotation(service);
        }
        edge = new EdgeClient(port);
        alice = EdgeClient.bearer(edge.tokenFor(EdgeClient.ALICE));
    }

    @Test
    void failingServiceTripsTheBreakerWhichFailsFastThenRecovers() {
        PAYMENTS.stubFor(
                WireMock.get(urlPathMatching("/p/.*")).willReturn(aResponse().withStatus(502)));
        for (int i = 0; i < 4; i++) {
            assertThat(get("/api/payments/p/1").statusCode()).isEqualTo(503);
        }
        int seenByService = calls(PAYMENTS, "/p/.*");
        assertThat(seenByService)
                .as("a 502 is not retried: only connection failures are")
                .isEqualTo(4);

        HttpResponse<String> fastFail = get("/api/payments/p/1");

        assertThat(breakers.circuitBreaker("payments").getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(fastFail.statusCode()).isEqualTo(503);
        assertThat(fastFail.headers().firstValue("Retry-After")).hasValue("2");
        assertThat(fastFail.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(calls(PAYMENTS, "/p/.*"))
                .as("an open breaker does not call the service")
                .isEqualTo(seenByService);

        PAYMENTS.stubFor(WireMock.get(urlPathMatching("/p/.*"))
                .willReturn(aResponse().withStatus(200).withBody("paid")));
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(
                        () -> assertThat(get("/api/payments/p/1").statusCode()).isEqualTo(200));
        assertThat(breakers.circuitBreaker("payments").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void fiveHundredsThatRequestsEarnedThemselvesNeverOpenTheBreakerForOtherClients() {
        // A hostile client's requests each make the service fail (bad input that slipped a check); a good client's
        // work.
        PAYMENTS.stubFor(WireMock.get(urlPathMatching("/p/poison"))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"status\":500}")));
        PAYMENTS.stubFor(WireMock.get(urlPathMatching("/p/good"))
                .willReturn(aResponse().withStatus(200).withBody("paid")));
        String mallory = EdgeClient.bearer(edge.tokenFor(EdgeClient.BOB));

        int goodFailures = 0;
        for (int i = 0; i < 15; i++) {
            assertThat(edge.get("/api/payments/p/poison", "Authorization", mallory)
                            .statusCode())
                    .isEqualTo(500);
            if (get("/api/payments/p/good").statusCode() != 200) {
                goodFailures++;
            }
        }

        assertThat(goodFailures).as("the good client's errors").isZero();
        assertThat(breakers.circuitBreaker("payments").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aServicesOwn503ReachesTheClientUnchangedAndDoesNotTripTheBreaker() {
        String problem = "{\"type\":\"https://patternshop.dev/problems/catalog-unavailable\",\"status\":503}";
        PAYMENTS.stubFor(WireMock.get(urlPathMatching("/p/.*"))
                .willReturn(aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/problem+json")
                        .withHeader("Retry-After", "5")
                        .withBody(problem)));

        for (int i = 0; i < 6; i++) {
            HttpResponse<String> response = get("/api/payments/p/1");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body())
                    .as("the service's own problem, not the edge's fallback")
                    .isEqualTo(problem);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        }

        assertThat(breakers.circuitBreaker("payments").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(calls(PAYMENTS, "/p/.*"))
                .as("every call reached the service")
                .isEqualTo(6);
    }

    @Test
    void killingOneOfTwoInstancesDuringARunOfGetsFailsNoneOfThem() {
        try {
            for (int i = 0; i < 60; i++) {
                if (i == 20) {
                    INVENTORY_B.stop();
                }
                assertThat(get("/api/inventory/products/" + i).statusCode())
                        .as("GET %d", i)
                        .isEqualTo(200);
            }
        } finally {
            INVENTORY_B.start();
        }
    }

    @Test
    void concurrentRequestsWhileOneOfTwoInstancesDiesFailNoneOfThem() throws Exception {
        int clients = 8;
        CountDownLatch warmedUp = new CountDownLatch(clients);
        CountDownLatch instanceKilled = new CountDownLatch(1);
        List<Future<List<Integer>>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int c = 0; c < clients; c++) {
                results.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        if (i == 5) {
                            warmedUp.countDown();
                            instanceKilled.await(10, TimeUnit.SECONDS);
                        }
                        statuses.add(get("/api/inventory/products/" + i).statusCode());
                    }
                    return statuses;
                }));
            }
            warmedUp.await(10, TimeUnit.SECONDS);
            assertThat(calls(INVENTORY_B, "/products/.*"))
                    .as("both instances were in the rotation")
                    .isPositive();
            // Killed between two readiness checks: until the next one, only the failed connections tell.
            INVENTORY_B.stop();
            instanceKilled.countDown();

            for (Future<List<Integer>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS))
                        .as("every request of every client")
                        .containsOnly(200);
            }
        } finally {
            pool.shutdownNow();
            INVENTORY_B.start();
        }
    }

    @Test
    void instanceThatFailsItsReadinessCheckLeavesTheRotationAndReturns() {
        INVENTORY_B.stubFor(WireMock.get(WireMockBackends.READINESS)
                .willReturn(aResponse().withStatus(503).withBody("{\"status\":\"OUT_OF_SERVICE\"}")));

        // Within one check interval (2 s) B is out: ten GETs in a row all go to A.
        await().atMost(Duration.ofSeconds(6))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    int before = calls(INVENTORY_B, "/products/.*");
                    for (int i = 0; i < 10; i++) {
                        assertThat(get("/api/inventory/products/" + i).statusCode())
                                .isEqualTo(200);
                    }
                    assertThat(calls(INVENTORY_B, "/products/.*")).isEqualTo(before);
                });

        WireMockBackends.answerReadiness(INVENTORY_B);
        await().atMost(Duration.ofSeconds(6))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    int before = calls(INVENTORY_B, "/products/.*");
                    for (int i = 0; i < 4; i++) {
                        get("/api/inventory/products/" + i);
                    }
                    assertThat(calls(INVENTORY_B, "/products/.*")).isGreaterThan(before);
                });
    }

    @Test
    void getThatMeetsACrashedInstanceIsRetriedOnTheLiveOneAndTheCrashedOneIsEjected() {
        for (int i = 0; i < 20; i++) {
            assertThat(get("/api/catalog/products/" + i).statusCode())
                    .as("GET %d", i)
                    .isEqualTo(200);
        }
        // Round robin alone would send it every other request until the next readiness check says nothing
        // (it answers readiness): its first reset connection takes it out of the rotation instead.
        assertThat(calls(CATALOG_CRASHING, CATALOG_PATHS))
                .as("requests that met the crashed instance")
                .isEqualTo(1);
    }

    @Test
    void aGetThatMeetsOnlyCrashedInstancesIsTriedThreeTimesOnEveryRouteIncludingOrders() {
        // Both instances drop it: the orders route's own retry replaces the shared one, never adds a second
        // (nested retries would try it 3 x 3 times).
        for (WireMockServer instance : new WireMockServer[] {CATALOG_LIVE, CATALOG_CRASHING}) {
            instance.stubFor(WireMock.get(urlPathMatching("/down/.*"))
                    .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        }
        for (String route : new String[] {"catalog", "orders"}) {
            CATALOG_LIVE.resetRequests();
            CATALOG_CRASHING.resetRequests();
            ejection.clear();

            assertThat(get("/api/" + route + "/down/1").statusCode()).as(route).isEqualTo(503);

            assertThat(calls(CATALOG_LIVE, "/down/.*") + calls(CATALOG_CRASHING, "/down/.*"))
                    .as("attempts on the %s route: the first and two retries", route)
                    .isEqualTo(3);
        }
    }

    @Test
    void postWithoutAnIdempotencyKeyIsNeverSentTwice() {
        int failed = 0;
        for (int i = 0; i < 10; i++) {
            if (edge.post("/api/catalog/admin-free/x", "{\"n\":" + i + "}", "Authorization", alice)
                            .statusCode()
                    == 503) {
                failed++;
            }
        }

        // The first POST that meets the crashed instance fails (then it is ejected); a retried one would have reached
        // the live one.
        assertThat(failed)
                .as("POSTs that met the crashed instance (or the breaker it opened) fail")
                .isPositive();
        CATALOG_LIVE.verify(10 - failed, postRequestedFor(urlPathMatching("/.*")));
    }

    @Test
    void aRouteThatDidNotOptInNeverRetriesAPostBecauseItCarriesAnIdempotencyKey() {
        int failed = 0;
        for (int i = 0; i < 10; i++) {
            if (edge.post(
                                    "/api/catalog/admin-free/x",
                                    "{\"n\":" + i + "}",
                                    "Authorization",
                                    alice,
                                    "Idempotency-Key",
                                    "key-" + i)
                            .statusCode()
                    == 503) {
                failed++;
            }
        }

        assertThat(failed)
                .as("the catalog does not promise to apply a key once: its POSTs are not retried")
                .isPositive();
        CATALOG_LIVE.verify(10 - failed, postRequestedFor(urlPathMatching("/.*")));
    }

    @Test
    void postWithAnIdempotencyKeyIsRetriedOnTheLiveInstanceWithItsBodyOnTheOrdersRoute() {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = edge.post(
                    "/api/orders/admin-free/x",
                    "{\"n\":" + i + "}",
                    "Authorization",
                    alice,
                    "Idempotency-Key",
                    "key-" + i);
            assertThat(response.statusCode()).as("POST %d", i).isEqualTo(200);
        }

        for (int i = 0; i < 10; i++) {
            CATALOG_LIVE.verify(
                    1,
                    postRequestedFor(urlPathMatching("/admin-free/x"))
                            .withHeader("Idempotency-Key", WireMock.equalTo("key-" + i))
                            .withRequestBody(equalToJson("{\"n\":" + i + "}")));
        }
        assertThat(calls(CATALOG_CRASHING, CATALOG_PATHS))
                .as("some first attempts met the crashed instance")
                .isPositive();
    }

    private void awaitBothInstancesInTheRotation(String service) {
        ServiceInstanceListSupplier rotation = loadBalancers.getInstance(service, ServiceInstanceListSupplier.class);
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(rotation.get().blockFirst(Duration.ofSeconds(5)))
                        .as(service)
                        .hasSize(2));
    }

    private static WireMockServer[] all() {
        return new WireMockServer[] {PAYMENTS, CATALOG_LIVE, CATALOG_CRASHING, INVENTORY_A, INVENTORY_B};
    }

    private static int calls(WireMockServer backend, String pathPattern) {
        return backend.countRequestsMatching(
                        WireMock.anyRequestedFor(urlPathMatching(pathPattern)).build())
                .getCount();
    }

    private HttpResponse<String> get(String path) {
        return edge.get(path, "Authorization", alice);
    }
}
