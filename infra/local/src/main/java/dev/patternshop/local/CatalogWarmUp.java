package dev.patternshop.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads seeded products from one catalog instance before the runtime says it is up. A just-started JVM on two
 * busy cores answered its first product reads in up to 3.5 s (class loading, a cold JIT, pools opening),
 * past the order service's 1 s timeout for pricing: the first orders after a start failed with 503 (7 of
 * 1,216 checkout requests at 10 users/s); after 2,000 reads per instance, 1 of 931. With the AOT caches (classes
 * linked, method profiles kept) the first minute of checkouts at 10/s after a start: 1 of 385 failed without a
 * warm-up, none of 434 after 500 reads per instance (12 s; 2,000 took 26 s). Best effort: it never fails the start.
 */
final class CatalogWarmUp {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final int CONCURRENCY = 4;
    /** Spreads the reads over the seeded ids (1..seededProducts) without repeating one. */
    private static final int STRIDE = 7919;

    private CatalogWarmUp() {}

    /** Warms every catalog instance at once and reports how many reads answered. */
    static void warmUpEveryInstance(Topology topology, PrintStream out) {
        long began = System.nanoTime();
        int requests = topology.warmUpProductReads();
        List<Integer> ports = topology.servicePorts().get("catalog-service");
        AtomicInteger answered = new AtomicInteger();
        InParallel.run(ports.stream()
                .<Runnable>map(port -> () -> answered.addAndGet(
                        readProducts("http://127.0.0.1:" + port, requests, topology.seededProducts())))
                .toList());
        out.printf(
                "  %-22s warmed up: %d of %d product reads answered in %.1f s%n",
                "catalog-service", answered.get(), requests * ports.size(), (System.nanoTime() - began) / 1e9);
    }

    /** @return how many reads answered 200 */
    static int readProducts(String instanceUrl, int requests, int seededProducts) {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int worker = 0; worker < CONCURRENCY; worker++) {
                workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                        long productId = 1 + (long) i * STRIDE % seededProducts;
                        if (read(instanceUrl + "/products/" + productId)) {
                            answered.incrementAndGet();
                        }
                    }
                });
            }
        }
        return answered.get();
    }

    private static boolean read(String url) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .timeout(REQUEST_TIMEOUT)
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
