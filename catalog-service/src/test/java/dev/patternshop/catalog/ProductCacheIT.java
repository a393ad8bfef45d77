package dev.patternshop.catalog;

import static dev.patternshop.catalog.CatalogClient.productJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.patternshop.catalog.cache.CacheSettings;
import dev.patternshop.catalog.cache.NearCache;
import dev.patternshop.catalog.cache.ProductCache;
import dev.patternshop.catalog.cache.ProductChangesSubscription;
import dev.patternshop.catalog.product.Product;
import dev.patternshop.catalog.product.ReadConsistency;
import dev.patternshop.catalog.product.application.ProductCatalog;
import dev.patternshop.replication.ConsistencyToken;
import dev.patternshop.testsupport.TestInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Cache-aside on real Redis and Postgres, observed through the service's own metrics. */
@CatalogIntegrationTest
class ProductCacheIT {

    /** The near cache of the caches a test builds as "another instance". */
    static final CacheSettings.Near NEAR =
            new CacheSettings.Near(true, Duration.ofMinutes(10), 1000, Duration.ofMillis(100));

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

    @Autowired
    ProductCache productCache;

    @Autowired
    ProductCatalog productCatalog;

    @Autowired
    NearCache nearCache;

    @Autowired
    RedisConnectionFactory connections;

    CatalogClient catalog;

    @BeforeEach
    void client() {
        catalog = new CatalogClient(port);
    }

    @Test
    void cacheHitDoesNotTouchTheDatabase() {
        forget(100);
        double readsBeforeFill = databaseReads();
        catalog.get("/products/100");
        double readsBefore = databaseReads();
        assertThat(readsBefore).as("the meter sees the miss's read").isGreaterThan(readsBeforeFill);
        double hitsBefore = counter("catalog.cache.requests", "result", "hit");

        for (int i = 0; i < 20; i++) {
            nearCache.clear(); // a Redis hit each time, not a near one (nearHitAsksNeitherRedisNorTheDatabase)
            assertThat(catalog.get("/products/100").statusCode()).isEqualTo(200);
        }

        assertThat(databaseReads()).isEqualTo(readsBefore);
        assertThat(counter("catalog.cache.requests", "result", "hit")).isEqualTo(hitsBefore + 20);
    }

    @Test
    void nearHitAsksNeitherRedisNorTheDatabase() {
        forget(101);
        catalog.get("/products/101");
        double readsBefore = databaseReads();
        double redisHitsBefore = counter("catalog.cache.requests", "result", "hit");
        double redisMissesBefore = counter("catalog.cache.requests", "result", "miss");
        double nearHitsBefore = counter("catalog.cache.requests", "result", "near-hit");

        for (int i = 0; i < 20; i++) {
            assertThat(catalog.get("/products/101").statusCode()).isEqualTo(200);
        }

        assertThat(databaseReads()).isEqualTo(readsBefore);
        assertThat(counter("catalog.cache.requests", "result", "hit")).isEqualTo(redisHitsBefore);
        assertThat(counter("catalog.cache.requests", "result", "miss")).isEqualTo(redisMissesBefore);
        assertThat(counter("catalog.cache.requests", "result", "near-hit")).isEqualTo(nearHitsBefore + 20);
    }

    /**
     * Two instances: this test's own cache stands for the second one. Its near entries live 10 minutes here, so only
     * the writer's announcement can make it let go of the old version.
     */
    @Test
    void aWriteOnOneInstanceReachesAnotherInstancesNearCacheByItsAnnouncement() throws Exception {
        Created created = create("Announced 0");
        long id = created.id();
        String sku = created.sku();
        NearCache otherNear = new NearCache(NEAR);
        ProductCache otherInstance = anotherInstance(otherNear);
        ProductChangesSubscription subscription = subscribe(otherNear);
        try {
            assertThat(readThrough(otherInstance, id, ReadConsistency.ANY))
                    .hasValueSatisfying(product -> assertThat(product.version()).isZero());
            assertThat(otherNear.get(id)).as("held near").isPresent();

            assertThat(catalog.put("/admin/products/" + id, productJson(sku, "Announced 1", 100, 0L))
                            .statusCode())
                    .isEqualTo(200);

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(readThrough(otherInstance, id, ReadConsistency.ANY))
                            .hasValueSatisfying(
                                    product -> assertThat(product.version()).isEqualTo(1)));
        } finally {
            subscription.stop();
        }
    }

    /**
     * The other instance misses the announcement (not subscribed): its near copy stays stale until its TTL, but a
     * read that carries the write's Consistency-Token is not answered from it.
     */
    @Test
    void aReadWithAConsistencyTokenIsNeverAnsweredFromAStaleNearCopy() throws Exception {
        Created created = create("Token 0");
        long id = created.id();
        String sku = created.sku();
        NearCache otherNear = new NearCache(NEAR);
        ProductCache otherInstance = anotherInstance(otherNear);
        assertThat(readThrough(otherInstance, id, ReadConsistency.ANY))
                .hasValueSatisfying(product -> assertThat(product.version()).isZero());

        HttpResponse<String> updated = catalog.put("/admin/products/" + id, productJson(sku, "Token 1", 100, 0L));
        assertThat(updated.statusCode()).isEqualTo(200);
        ReadConsistency token = ReadConsistency.atLeast(ConsistencyToken.parse(
                updated.headers().firstValue(ConsistencyToken.HEADER).orElseThrow()));

        assertThat(readThrough(otherInstance, id, ReadConsistency.ANY))
                .as("without a token: the near copy, stale until its TTL (the announcement was missed)")
                .hasValueSatisfying(product -> assertThat(product.version()).isZero());
        assertThat(readThrough(otherInstance, id, token))
                .as("with the write's token")
                .hasValueSatisfying(product -> assertThat(product.version()).isEqualTo(1));
    }

    @Test
    void unknownIdIsCachedBrieflySoRepeatsDoNotReachTheDatabase() {
        double readsBeforeFirst = databaseReads();
        assertThat(catalog.get("/products/55555555").statusCode()).isEqualTo(404);
        double readsBefore = databaseReads();
        assertThat(readsBefore).as("the meter sees the first miss's read").isGreaterThan(readsBeforeFirst);

        for (int i = 0; i < 10; i++) {
            assertThat(catalog.get("/products/55555555").statusCode()).isEqualTo(404);
        }

        assertThat(databaseReads()).isEqualTo(readsBefore);
    }

    /**
     * Writers and readers race through the API: every round the entry is dropped (as by expiry), so readers
     * miss and fill while the next write commits and updates the cache. A read that starts after a write was
     * acknowledged must see that write or a newer one, whichever fill lands last. (The entry is dropped only
     * once the replica has replayed the acknowledged write: an entry expiring before the replica replays a
     * write is not what this test is about.)
     */
    @Test
    void updateIsNeverFollowedByAStaleReadThroughTheApi() throws Exception {
        Created created = create("Fresh Read 0");
        long id = created.id();
        String sku = created.sku();
        AtomicLong acknowledged = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> staleReads = new CopyOnWriteArrayList<>();

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> readers = new java.util.ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(threads.submit(() -> {
                    while (writing.get()) {
                        long atLeast = acknowledged.get();
                        HttpResponse<String> read = catalog.get("/products/" + id);
                        long seen = json.readTree(read.body()).get("version").asLong();
                        if (seen < atLeast) {
                            staleReads.add("read version " + seen + " after version " + atLeast + " was acknowledged");
                        }
                    }
                    return null;
                }));
            }
            try {
                TestInfrastructure infrastructure = TestInfrastructure.shared();
                for (long version = 0; version < 30; version++) {
                    infrastructure.awaitReplicaCaughtUp(Duration.ofSeconds(30));
                    forget(id);
                    HttpResponse<String> updated = catalog.put(
                            "/admin/products/" + id,
                            productJson(sku, "Fresh Read " + (version + 1), 100 + version, version));
                    assertThat(updated.statusCode()).isEqualTo(200);
                    acknowledged.set(version + 1);
                }
            } finally {
                writing.set(false);
            }
            for (Future<?> reader : readers) {
                reader.get();
            }
        }

        assertThat(staleReads).isEmpty();
        assertThat(json.readTree(catalog.get("/products/" + id).body())
                        .get("version")
                        .asLong())
                .isEqualTo(30);
    }

    /**
     * The race the versioned fill exists for, forced in every round: another instance misses, and its load from
     * the lagging replica (replay paused: it still has the old row) returns only after a write through the API
     * has committed and put the new version in the cache. That late fill must lose.
     */
    @Test
    void fillFromALaggingReplicaNeverOverwritesANewerWrite() throws Exception {
        Created created = create("Lagging Fill 0");
        long id = created.id();
        String sku = created.sku();
        NearCache otherInstancesNearCache = new NearCache(NEAR);
        ProductCache otherInstance = anotherInstance(otherInstancesNearCache);
        TestInfrastructure infrastructure = TestInfrastructure.shared();
        infrastructure.awaitReplicaCaughtUp(Duration.ofSeconds(30));
        infrastructure.pauseReplicaReplay();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long version = 0; version < 10; version++) {
                redis.delete("catalog:product:v1:" + id);
                otherInstancesNearCache.clear();
                CountDownLatch loading = new CountDownLatch(1);
                CountDownLatch written = new CountDownLatch(1);
                Future<Optional<Product>> laggingRead =
                        threads.submit(() -> otherInstance.get(id, ReadConsistency.ANY, c -> {
                            loading.countDown();
                            awaitQuietly(written);
                            return productCatalog.findUncached(id, c);
                        }));
                awaitQuietly(loading);
                assertThat(catalog.put(
                                        "/admin/products/" + id,
                                        productJson(sku, "Lagging Fill " + (version + 1), 100, version))
                                .statusCode())
                        .isEqualTo(200);
                written.countDown();
                assertThat(laggingRead.get().orElseThrow().version())
                        .as("the replica lags: the race is real")
                        .isLessThan(version + 1);

                assertThat(json.readTree(catalog.get("/products/" + id).body())
                                .get("version")
                                .asLong())
                        .as("read after write %d and the lagging fill", version + 1)
                        .isEqualTo(version + 1);
            }
        } finally {
            infrastructure.resumeReplicaReplay();
        }
    }

    /** A load that hangs (a database that stopped answering) must not hold every later request for that key. */
    @Test
    void requestWaitsForAnotherRequestsLoadOnlyBoundedly() throws Exception {
        long id = 920_000_000L + System.nanoTime() % 1_000_000;
        CountDownLatch hangingLoadStarted = new CountDownLatch(1);
        CountDownLatch releaseHangingLoad = new CountDownLatch(1);
        Product product = ProductFixtures.product(id, 0);

        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Optional<Product>> hanging = threads.submit(() -> productCache.get(id, ReadConsistency.ANY, c -> {
                hangingLoadStarted.countDown();
                try {
                    releaseHangingLoad.await(); // no bound: it hangs until the test lets it go
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Optional.of(product);
            }));
            try {
                awaitQuietly(hangingLoadStarted);
                Future<Optional<Product>> next =
                        threads.submit(() -> productCache.get(id, ReadConsistency.ANY, c -> Optional.of(product)));
                // Not a speed check: the bound is far above the configured waits; joining the hanging load
                // without a bound would never end before the load is released below.
                await().atMost(Duration.ofSeconds(60)).until(next::isDone);
                assertThat(next.get()).contains(product);
                assertThat(hanging).isNotDone();
            } finally {
                releaseHangingLoad.countDown();
            }
            assertThat(hanging.get()).contains(product);
        }
    }

    @Test
    void fiftyConcurrentMissesOnOneKeyLoadItFromTheDatabaseOnce() throws Exception {
        long id = 4242;
        forget(id);
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
        ProductCache instanceA = anotherInstance(new NearCache(NEAR));
        ProductCache instanceB = anotherInstance(new NearCache(NEAR));
        long id = 900_000_000L + System.nanoTime() % 1_000_000;
        Product product = ProductFixtures.product(id, 0);
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

    /** A product created through the API. */
    private Created create(String name) {
        HttpResponse<String> created = catalog.post("/admin/products", productJson(name, 100));
        assertThat(created.statusCode()).isEqualTo(201);
        return new Created(
                json.readTree(created.body()).get("id").asLong(),
                json.readTree(created.body()).get("sku").asString());
    }

    private record Created(long id, String sku) {}

    /** A read through {@code cache}, loading (on a miss) as the catalog does. */
    private Optional<Product> readThrough(ProductCache cache, long id, ReadConsistency consistency) {
        return cache.get(id, consistency, c -> productCatalog.findUncached(id, c));
    }

    /** Another catalog instance's cache, on the same Redis, with short waits. */
    private ProductCache anotherInstance(NearCache near) {
        CacheSettings settings = new CacheSettings(
                true,
                Duration.ofMinutes(1),
                Duration.ZERO,
                Duration.ofSeconds(5),
                Duration.ofSeconds(2),
                Duration.ofSeconds(1),
                Duration.ofMillis(10),
                NEAR);
        return new ProductCache(
                redis, json, breakers.circuitBreaker("redis"), settings, near, new SimpleMeterRegistry());
    }

    /** Subscribes {@code near} to the announcements, as the other instance's own subscription would; returns once on. */
    private ProductChangesSubscription subscribe(NearCache near) {
        ProductChangesSubscription subscription =
                new ProductChangesSubscription(connections, near, Duration.ofMillis(100));
        subscription.start();
        await().atMost(Duration.ofSeconds(30)).until(subscription::isSubscribed);
        return subscription;
    }

    /** Drops a product from both levels of this instance's cache, as expiry would. */
    private void forget(long id) {
        redis.delete("catalog:product:v1:" + id);
        nearCache.clear();
    }

    /** Every read the catalog sends to Postgres, as ReadRouting (infra/read-replicas) counts them. */
    private double databaseReads() {
        return counter("db.reads", "database", "catalog", "target", "replica")
                + counter("db.reads", "database", "catalog", "target", "primary");
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
