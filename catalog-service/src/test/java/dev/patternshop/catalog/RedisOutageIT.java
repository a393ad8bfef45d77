package dev.patternshop.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.catalog.cache.CacheSettings;
import dev.patternshop.catalog.cache.NearCache;
import dev.patternshop.catalog.cache.ProductChanges;
import dev.patternshop.catalog.cache.ProductChangesSubscription;
import dev.patternshop.infra.embedded.RedisServer;
import dev.patternshop.testsupport.EmbeddedInfrastructureOnly;
import dev.patternshop.testsupport.TestInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * With Redis gone, reads are served from the database; the breaker opens, then closes once Redis is back, and the
 * near cache hears announcements again.
 */
@CatalogIntegrationTest
@EmbeddedInfrastructureOnly("stops and restarts the Redis server process")
class RedisOutageIT {

    @Value("${local.server.port}")
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    @Autowired
    JsonMapper json;

    @Autowired
    NearCache nearCache;

    @Autowired
    RedisConnectionFactory connections;

    @Autowired
    CacheSettings settings;

    @Autowired
    StringRedisTemplate redisTemplate;

    @Test
    void redisStoppedReadsStillSucceedAndTheBreakerOpensThenClosesAfterRedisReturns() {
        CatalogClient catalog = new CatalogClient(port);
        CircuitBreaker breaker = breakers.circuitBreaker("redis");
        RedisServer redis = TestInfrastructure.embedded().redisServer();
        nearCache.clear(); // products read by earlier tests would be answered without asking Redis
        redis.stop();
        try {
            for (int id = 300; id < 320; id++) {
                assertThat(catalog.get("/products/" + id).statusCode())
                        .as("product %d without Redis", id)
                        .isEqualTo(200);
            }
            assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
            for (String probe : new String[] {"/actuator/health/readiness", "/actuator/health"}) {
                HttpResponse<String> health = catalog.get(probe);
                assertThat(health.statusCode())
                        .as("%s: the instance stays in the load balancer", probe)
                        .isEqualTo(200);
                assertThat(json.readTree(health.body()).get("status").asString())
                        .as(probe)
                        .isEqualTo("UP");
            }
        } finally {
            redis.start();
        }
        AtomicInteger nextId = new AtomicInteger(321);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    // A new product each time: one the near cache holds would not ask Redis, and only calls to
                    // Redis let the breaker close.
                    assertThat(catalog.get("/products/" + nextId.getAndIncrement())
                                    .statusCode())
                            .isEqualTo(200);
                    assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
                });

        // The instance's subscription came back with Redis: an announcement reaches its near cache again. Each poll
        // looks whether the product announced at the previous poll is gone, then holds a new one near and announces
        // it (one announced before the subscription was back is lost: the next poll sends another).
        AtomicInteger toAnnounce = new AtomicInteger(400);
        AtomicInteger announced = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (announced.get() >= 0 && nearCache.get(announced.get()).isEmpty()) {
                        return true;
                    }
                    int id = toAnnounce.getAndIncrement();
                    assertThat(catalog.get("/products/" + id).statusCode()).isEqualTo(200);
                    if (nearCache.get(id).isPresent()) {
                        redisTemplate.convertAndSend(
                                ProductChanges.CHANNEL.getTopic(), ProductChanges.announcement(id, Long.MAX_VALUE));
                        announced.set(id);
                    }
                    return false;
                });
    }

    @Test
    void aReadThatFindsRedisGoneMakesOneRedisCallNotOneForEveryStepOfTheLoad() {
        CatalogClient catalog = new CatalogClient(port);
        CircuitBreaker breaker = breakers.circuitBreaker("redis");
        RedisServer redis = TestInfrastructure.embedded().redisServer();
        nearCache.clear();
        breaker.reset(); // closed, with an empty window: every failed call of this read is counted
        redis.stop();
        try {
            assertThat(catalog.get("/products/330").statusCode()).isEqualTo(200);
            // The read failed; a lock, a wait for another instance's fill and a fill would each have waited out
            // the command timeout too, before the breaker had seen enough calls to open.
            assertThat(breaker.getMetrics().getNumberOfFailedCalls())
                    .as("Redis calls that failed while one product was read")
                    .isEqualTo(1);
        } finally {
            redis.start();
        }
    }

    /** What an instance started while Redis is down goes through: its start does not wait for Redis, nor fail. */
    @Test
    void theSubscriptionToProductChangesStartsWithoutRedisAndIsMadeOnceRedisAnswers() {
        RedisServer redis = TestInfrastructure.embedded().redisServer();
        ProductChangesSubscription subscription =
                new ProductChangesSubscription(connections, new NearCache(settings.near()), Duration.ofMillis(200));
        redis.stop();
        try {
            subscription.start();
            assertThat(subscription.isRunning()).isTrue();
            assertThat(subscription.isSubscribed()).isFalse();
        } finally {
            redis.start();
        }
        try {
            await().atMost(Duration.ofSeconds(60)).until(subscription::isSubscribed);
        } finally {
            subscription.stop();
        }
    }
}
