package dev.patternshop.catalog;

import static dev.patternshop.catalog.CatalogClient.productJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.catalog.cache.CacheSettings;
import dev.patternshop.catalog.cache.ProductCache;
import dev.patternshop.catalog.product.Money;
import dev.patternshop.catalog.product.Product;
import dev.patternshop.catalog.product.ReadConsistency;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Cache-aside on real Redis and Postgres, observed through the service's own metrics. */
@CatalogIntegrationTest
class ProductCacheIT {

    @Value("${local.server.port}")
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Autowired
    CircuitBreakerRegistry breakers;

    CatalogClient catalog;

    @BeforeEach
    void client() {
        catalog = new CatalogClient(port);
    }

    @Test
    void cacheHitDoesNotTouchTheDatabase() {
        catalog.get("/products/100");
        double readsBefore = databaseReads();
        double hitsBefore = counter("catalog.cache.requests", "result", "hit");

        for (int i = 0; i < 20; i++) {
            assertThat(catalog.get("/products/100").statusCode()).isEqualTo(200);
        }

        assertThat(databaseReads()).isEqualTo(readsBefore);
        assertThat(counter("catalog.cache.requests", "result", "hit")).isEqualTo(hitsBefore + 20);
    }

    @Test
    void unknownIdIsCachedBrieflySoRepeatsDoNotReachTheDatabase() {
        assertThat(catalog.get("/products/55555555").statusCode()).isEqualTo(404);
        double readsBefore = databaseReads();

        for (int i = 0; i < 10; i++) {
            assertThat(catalog.get("/products/55555555").statusCode()).isEqualTo(404);
        }

        assertThat(databaseReads()).isEqualTo(readsBefore);
    }

    @Test
    void updateIsNeverFollowedByAStaleReadThroughTheApi() {
        HttpResponse<String> created = catalog.post("/admin/products", productJson("Fresh Read 0", 100));
        long id = json.readTree(created.body()).get("id").asLong();
        String sku = json.readTree(created.body()).get("sku").asString();
        catalog.get("/products/" + id);

        for (int version = 0; version < 25; version++) {
            String name = "Fresh Read " + (version + 1);
            assertThat(catalog.put("/admin/products/" + id, productJson(sku, name, 100 + version, (long) version))
                    .statusCode()).isEqualTo(200);

            assertThat(json.readTree(catalog.get("/products/" + id).body()).get("name").asString())
                    .as("read right after update %d", version + 1).isEqualTo(name);
        }
    }

    @Test
    void fiftyConcurrentMissesOnOneKeyLoadItFromTheDatabaseOnce() throws Exception {
        long id = 4242;
        redis.delete("catalog:product:v1:" + id);
        double loadsBefore = counter("catalog.cache.loads");
        CountDownLatch start = new CountDownLatch(1);

        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> statuses = new java.util.ArrayList<>();
            for (int i = 0; i < 50; i++) {
                statuses.add(clients.submit(() -> {
                    start.await();
                    return catalog.get("/products/" + id).statusCode();
                }));
            }
            start.countDown();
            for (Future<Integer> status : statuses) {
                assertThat(status.get()).isEqualTo(200);
            }
        }

        assertThat(counter("catalog.cache.loads")).isEqualTo(loadsBefore + 1);
    }

    @Test
    void twoInstancesMissingTheSameKeyLoadItOnceBetweenThem() throws Exception {
        CacheSettings settings = new CacheSettings(true, java.time.Duration.ofMinutes(1), java.time.Duration.ZERO,
                java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1),
                java.time.Duration.ofMillis(10));
        ProductCache instanceA = new ProductCache(redis, json, breakers.circuitBreaker("redis"), settings,
                new SimpleMeterRegistry());
        ProductCache instanceB = new ProductCache(redis, json, breakers.circuitBreaker("redis"), settings,
                new SimpleMeterRegistry());
        long id = 900_000_000L + System.nanoTime() % 1_000_000;
        Product product = new Product(id, "X-" + id, "Slow Load", "", "test-fixtures", new Money(100, "EUR"), Map.of(),
                null, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"), 0);
        AtomicInteger databaseLoads = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        int callers = 20;
        // The load finishes only once every caller has asked: all of them overlap with it, deterministically.
        CountDownLatch everyoneAsked = new CountDownLatch(callers);

        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Optional<Product>>> results = new java.util.ArrayList<>();
            for (int i = 0; i < callers; i++) {
                ProductCache instance = i % 2 == 0 ? instanceA : instanceB;
                results.add(clients.submit(() -> {
                    start.await();
                    everyoneAsked.countDown();
                    return instance.get(id, ReadConsistency.ANY, consistency -> {
                        databaseLoads.incrementAndGet();
                        awaitQuietly(everyoneAsked);
                        return Optional.of(product);
                    });
                }));
            }
            start.countDown();
            for (Future<Optional<Product>> result : results) {
                assertThat(result.get()).contains(product);
            }
        }

        assertThat(databaseLoads).hasValue(1);
    }

    private double databaseReads() {
        return counter("catalog.reads", "target", "replica") + counter("catalog.reads", "target", "primary");
    }

    private double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
