package dev.patternshop.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.patternshop.gateway.ratelimit.EdgeRateLimiter;
import dev.patternshop.infra.embedded.RedisServer;
import dev.patternshop.testsupport.EmbeddedInfrastructureOnly;
import dev.patternshop.testsupport.RealInfrastructure;
import dev.patternshop.testsupport.TestInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rate limiting at the edge on real Redis, with a hand-moved clock. Catalog: token bucket of 10 per second;
 * storefront: 5 per second; inventory: 100 per second, where permits are leased several at a time.
 * Orders: sliding window of 10 per second. Logins: the configured bucket (10, then 2 per second) per address, kept
 * in memory while Redis is down, and the configured lockout per account (10 failures in a row, 1 minute).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "gateway.rate-limit.routes.catalog.algorithm=TOKEN_BUCKET",
            "gateway.rate-limit.routes.catalog.capacity=10",
            "gateway.rate-limit.routes.catalog.period=1s",
            "gateway.rate-limit.routes.orders.algorithm=SLIDING_WINDOW",
            "gateway.rate-limit.routes.orders.capacity=10",
            "gateway.rate-limit.routes.orders.period=1s",
            "gateway.rate-limit.routes.storefront.algorithm=TOKEN_BUCKET",
            "gateway.rate-limit.routes.storefront.capacity=5",
            "gateway.rate-limit.routes.storefront.period=1s",
            // Large enough for leases of several permits (a tenth of the capacity: 10).
            "gateway.rate-limit.routes.inventory.algorithm=TOKEN_BUCKET",
            "gateway.rate-limit.routes.inventory.capacity=100",
            "gateway.rate-limit.routes.inventory.period=1s"
        })
@RealInfrastructure(redis = true)
class GatewayRateLimitIT {

    static final WireMockServer BACKEND = WireMockBackends.started();
    static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(START);
        }
    }

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) {
        registry.add("spring.cloud.discovery.client.simple.instances.catalog-service[0].uri", BACKEND::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.order-service[0].uri", BACKEND::baseUrl);
        registry.add("spring.cloud.discovery.client.simple.instances.inventory-service[0].uri", BACKEND::baseUrl);
    }

    @AfterAll
    static void stopBackend() {
        BACKEND.stop();
    }

    @Value("${local.server.port}")
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    MeterRegistry meters;

    @Autowired
    EdgeRateLimiter limiter;

    @BeforeEach
    void reset() {
        breakers.circuitBreaker(EdgeRateLimiter.STORE_BREAKER).reset();
        redis.getConnectionFactory().getConnection().serverCommands().flushAll();
        // The counters are gone: so is what this instance remembered of them (its leases and refusals).
        limiter.forgetLocalShares();
        clock.set(START);
        BACKEND.resetAll();
        WireMockBackends.answerReadiness(BACKEND);
        BACKEND.stubFor(WireMock.get(urlPathMatching("/.*"))
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        BACKEND.stubFor(WireMock.get(urlPathMatching("/products/7")).willReturn(WireMock.okJson("{\"id\":7}")));
    }

    @Test
    void burstOverTheLimitGetsExactlyTheExpectedTooManyRequestsWithRetryAfter() {
        List<HttpResponse<String>> responses = burst("/api/catalog/products/1", 15);

        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(10);
        List<HttpResponse<String>> refused =
                responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused).hasSize(5).allSatisfy(response -> {
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.body()).contains("\"status\":429");
        });
        assertThat(responses).allSatisfy(response -> {
            assertThat(response.headers().firstValue("RateLimit-Limit")).hasValue("10");
            assertThat(response.headers().firstValue("RateLimit-Remaining")).isPresent();
        });
        assertThat(responses.get(9).headers().firstValue("RateLimit-Remaining")).hasValue("0");
        assertThat(WireMockBackends.forwarded(BACKEND))
                .as("refused requests never reach the service")
                .hasSize(10);
    }

    @Test
    void aBusyClientSpendsLeasedPermitsLocallyButNeverMoreThanItsLimit() {
        long scriptCallsBefore = scriptCalls();

        List<HttpResponse<String>> responses = burst("/api/inventory/products/1", 150);

        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(100);
        assertThat(responses.subList(100, 150)).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
        });
        assertThat(responses.get(99).headers().firstValue("RateLimit-Remaining"))
                .hasValue("0");
        assertThat(WireMockBackends.forwarded(BACKEND)).hasSize(100);
        // Leases of 1, 2, 4, 8, then 10 (a tenth of the capacity), then smaller as the bucket empties, take the 100
        // permits; one refusal is asked, the other 49 are remembered. Without leases: 150 calls.
        assertThat(scriptCalls() - scriptCallsBefore)
                .as("rate-limit scripts run in Redis for 150 requests")
                .isBetween(10L, 25L);

        clock.advance(Duration.ofMillis(500));
        assertThat(burst("/api/inventory/products/1", 60))
                .filteredOn(r -> r.statusCode() == 200)
                .as("half a second refills 50 permits, leased again from the shared bucket")
                .hasSize(50);
    }

    /** EVAL and EVALSHA calls Redis has served (the limiter runs its Lua scripts with them). */
    private long scriptCalls() {
        Properties stats = redis.execute((RedisCallback<Properties>)
                connection -> connection.serverCommands().info("commandstats"));
        return Stream.of("cmdstat_evalsha", "cmdstat_eval")
                .map(stats::getProperty)
                .filter(Objects::nonNull)
                .mapToLong(line -> Long.parseLong(line.replaceAll("^calls=(\\d+),.*$", "$1")))
                .sum();
    }

    @Test
    void refusedRequestsAreCountedByRouteInTheEdgesRequestTimer() {
        double before = edgeRequests("catalog", "429");

        List<HttpResponse<String>> responses = burst("/api/catalog/products/1", 13);

        assertThat(responses).filteredOn(r -> r.statusCode() == 429).hasSize(3);
        // Recorded when the exchange completes, which may be just after the client has read the answer.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(edgeRequests("catalog", "429") - before)
                        .as("spring_cloud_gateway_requests_seconds_count{routeId=catalog,httpStatusCode=429}")
                        .isEqualTo(3));
        assertThat(edgeRequests("catalog", "200")).isPositive();
    }

    private double edgeRequests(String routeId, String httpStatusCode) {
        return meters
                .find("spring.cloud.gateway.requests")
                .tag("routeId", routeId)
                .tag("httpStatusCode", httpStatusCode)
                .timers()
                .stream()
                .mapToDouble(Timer::count)
                .sum();
    }

    @Test
    void tokenBucketRefillsGraduallyAfterABurst() {
        burst("/api/catalog/products/1", 10);
        clock.advance(Duration.ofMillis(300));

        assertThat(burst("/api/catalog/products/1", 10))
                .filteredOn(r -> r.statusCode() == 200)
                .as("300 ms at 10/s refill three tokens")
                .hasSize(3);
    }

    @Test
    void atAWindowEdgeTheTokenBucketAllowsAFullBurstWhereTheSlidingWindowAllowsHalf() {
        // A full burst in the first second, on both routes.
        assertThat(burst("/api/catalog/products/1", 10))
                .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        String alice = EdgeClient.bearer(new EdgeClient(port).tokenFor(EdgeClient.ALICE));
        assertThat(burst("/api/orders/1", 10, "Authorization", alice))
                .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));

        // Half-way through the next second: the bucket has refilled completely, but half of the last
        // window still overlaps the sliding window, so only half of the limit is free there.
        clock.set(START.plusMillis(1500));
        long bucket = burst("/api/catalog/products/1", 10).stream()
                .filter(r -> r.statusCode() == 200)
                .count();
        long window = burst("/api/orders/1", 10, "Authorization", alice).stream()
                .filter(r -> r.statusCode() == 200)
                .count();

        assertThat(bucket).isEqualTo(10);
        assertThat(window).isEqualTo(5);
    }

    @Test
    @EmbeddedInfrastructureOnly("stops and restarts the Redis server process")
    void whenRedisIsDownRequestsAreLetThroughAndMarkedUnlimitedWithoutWaitingForIt() {
        RedisServer server = TestInfrastructure.embedded().redisServer();
        server.stop();
        try {
            List<HttpResponse<String>> responses = burst("/api/catalog/products/1", 15);

            assertThat(responses).allSatisfy(response -> {
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue("RateLimit-Policy")).hasValue("unavailable");
            });
            // After a few failed calls the limiter stops asking Redis: later requests do not wait for its timeout.
            assertThat(breakers.circuitBreaker(EdgeRateLimiter.STORE_BREAKER).getState())
                    .isEqualTo(CircuitBreaker.State.OPEN);
        } finally {
            server.start();
        }
        // Redis back: once the breaker lets a call through again, limits apply again.
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(burst("/api/catalog/products/1", 1)
                                .getFirst()
                                .headers()
                                .firstValue("RateLimit-Policy"))
                        .isPresent()
                        .get()
                        .isNotEqualTo("unavailable"));
    }

    @Test
    void eachUserHasABudgetOfTheirOwn() {
        EdgeClient edge = new EdgeClient(port);
        String alice = EdgeClient.bearer(edge.tokenFor(EdgeClient.ALICE));
        String bob = EdgeClient.bearer(edge.tokenFor(EdgeClient.BOB));

        long aliceServed = burst("/api/orders/1", 12, "Authorization", alice).stream()
                .filter(r -> r.statusCode() == 200)
                .count();
        long bobServed = burst("/api/orders/1", 10, "Authorization", bob).stream()
                .filter(r -> r.statusCode() == 200)
                .count();

        assertThat(aliceServed).isEqualTo(10);
        assertThat(bobServed)
                .as("same address, another user: a budget of their own")
                .isEqualTo(10);
    }

    @Test
    void passwordGuessingIsThrottledBeforeThePasswordIsChecked() {
        EdgeClient edge = new EdgeClient(port);
        List<HttpResponse<String>> attempts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // Guessing at a name that is no account: this is the per-address limit, not the account's lockout.
            attempts.add(edge.post("/auth/token", "{\"username\":\"nobody\",\"password\":\"guess-" + i + "\"}"));
        }
        HttpResponse<String> rightPasswordTooLate = edge.post(
                "/auth/token",
                "{\"username\":\"alice\",\"password\":\"" + EdgeClient.passwordOf(EdgeClient.ALICE) + "\"}");

        assertThat(attempts).filteredOn(r -> r.statusCode() == 401).hasSize(10);
        assertThat(attempts)
                .filteredOn(r -> r.statusCode() == 429)
                .hasSize(2)
                .allSatisfy(
                        r -> assertThat(r.headers().firstValue("Retry-After")).isPresent());
        assertThat(rightPasswordTooLate.statusCode()).isEqualTo(429);

        clock.advance(Duration.ofSeconds(1));
        assertThat(edge.post(
                                "/auth/token",
                                "{\"username\":\"alice\",\"password\":\"" + EdgeClient.passwordOf(EdgeClient.ALICE)
                                        + "\"}")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theStorefrontIsRateLimitedPerClientLikeTheRoutesItCalls() {
        EdgeClient edge = new EdgeClient(port);
        String bob = EdgeClient.bearer(edge.tokenFor(EdgeClient.BOB));

        List<HttpResponse<String>> responses = burst("/api/storefront/products/7", 7, "Authorization", bob);

        assertThat(responses).filteredOn(r -> r.statusCode() == 200).hasSize(5);
        assertThat(responses)
                .filteredOn(r -> r.statusCode() == 429)
                .hasSize(2)
                .allSatisfy(
                        r -> assertThat(r.headers().firstValue("Retry-After")).isPresent());
        // The backend plays both services, and both answer GET /products/7: two calls per admitted request.
        assertThat(WireMockBackends.forwarded(BACKEND))
                .filteredOn(call -> call.getRequest().getUrl().equals("/products/7"))
                .as("refused requests cost the services nothing")
                .hasSize(10);
        assertThat(burst("/api/storefront/products/7", 1).getFirst().statusCode())
                .as("another client, another budget")
                .isEqualTo(200);
    }

    @Test
    @EmbeddedInfrastructureOnly("stops and restarts the Redis server process")
    void whileRedisIsDownLoginsStayLimitedInTheGatewaysOwnMemory() {
        RedisServer server = TestInfrastructure.embedded().redisServer();
        server.stop();
        // The gateway's own memory outlives each test's clock reset: move past whatever an earlier test left there.
        clock.advance(Duration.ofHours(1));
        try {
            EdgeClient edge = new EdgeClient(port);
            List<HttpResponse<String>> attempts = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                attempts.add(edge.post("/auth/token", "{\"username\":\"nobody\",\"password\":\"guess-" + i + "\"}"));
            }

            assertThat(attempts)
                    .as("fail closed: the same budget, kept locally")
                    .filteredOn(r -> r.statusCode() == 401)
                    .hasSize(10);
            assertThat(attempts)
                    .filteredOn(r -> r.statusCode() == 429)
                    .hasSize(2)
                    .allSatisfy(r ->
                            assertThat(r.headers().firstValue("Retry-After")).isPresent());
            // Browsing, by contrast, fails open while the limiter's store is away.
            assertThat(burst("/api/catalog/products/1", 12))
                    .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        } finally {
            restart(server);
        }
    }

    @Test
    void anAccountIsLockedAfterTenFailedLoginsInARowAndOpensAgainAfterTheLockout() {
        EdgeClient edge = new EdgeClient(port);
        for (int i = 0; i < 10; i++) {
            assertThat(edge.post("/auth/token", "{\"username\":\"bob\",\"password\":\"guess-" + i + "\"}")
                            .statusCode())
                    .isEqualTo(401);
        }
        clock.advance(Duration.ofSeconds(10)); // the address's bucket is full again: what follows is the account's lock

        HttpResponse<String> rightPassword = edge.post("/auth/token", credentials(EdgeClient.BOB));

        assertThat(rightPassword.statusCode()).isEqualTo(429);
        assertThat(rightPassword.body()).contains("account-locked");
        assertThat(rightPassword.headers().firstValue("Retry-After"))
                .hasValueSatisfying(
                        seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
        assertThat(edge.post("/auth/token", credentials(EdgeClient.ALICE)).statusCode())
                .as("other accounts are not affected")
                .isEqualTo(200);

        clock.advance(Duration.ofMinutes(1));
        assertThat(edge.post("/auth/token", credentials(EdgeClient.BOB)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void aSuccessfulLoginClearsTheAccountsFailures() {
        EdgeClient edge = new EdgeClient(port);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 9; i++) {
                assertThat(edge.post("/auth/token", "{\"username\":\"bob\",\"password\":\"guess\"}")
                                .statusCode())
                        .isEqualTo(401);
            }
            assertThat(edge.post("/auth/token", credentials(EdgeClient.BOB)).statusCode())
                    .isEqualTo(200);
            clock.advance(Duration.ofSeconds(10));
        }
    }

    @Test
    @EmbeddedInfrastructureOnly("stops and restarts the Redis server process")
    void whileRedisIsDownAccountsAreStillLockedOut() {
        RedisServer server = TestInfrastructure.embedded().redisServer();
        server.stop();
        // The gateway's own memory outlives each test's clock reset: move past whatever an earlier test left there.
        clock.advance(Duration.ofHours(2)); // not the hour the other outage test used
        try {
            EdgeClient edge = new EdgeClient(port);
            for (int i = 0; i < 10; i++) {
                edge.post("/auth/token", "{\"username\":\"carol\",\"password\":\"guess-" + i + "\"}");
            }
            clock.advance(Duration.ofSeconds(10));

            HttpResponse<String> rightPassword = edge.post("/auth/token", credentials("carol"));

            assertThat(rightPassword.statusCode()).isEqualTo(429);
            assertThat(rightPassword.body()).contains("account-locked");
        } finally {
            restart(server);
        }
    }

    /** Starts Redis again and waits until the test's own connection answers (the next test flushes it first). */
    private void restart(RedisServer server) {
        server.start();
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> "PONG"
                        .equals(redis.getConnectionFactory().getConnection().ping()));
    }

    private static String credentials(String username) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + EdgeClient.passwordOf(username) + "\"}";
    }

    /** Anonymous (by IP) unless the headers carry a token. */
    private List<HttpResponse<String>> burst(String path, int requests, String... headers) {
        EdgeClient edge = new EdgeClient(port);
        List<HttpResponse<String>> responses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            responses.add(edge.get(path, headers));
        }
        return responses;
    }
}
