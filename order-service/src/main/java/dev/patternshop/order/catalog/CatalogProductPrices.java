package dev.patternshop.order.catalog;

import dev.patternshop.order.order.PricingUnavailable;
import dev.patternshop.order.order.ProductPrices;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Prices products from the catalog's {@code GET /products/{id}}, all items of an order at once (one virtual
 * thread each), within one deadline for the whole order. Each attempt goes to a load-balanced instance (round
 * robin) with a timeout; failures (I/O, timeouts, 5xx) are retried with backoff, so the next attempt meets
 * the other instance. The circuit breaker around each call opens when most recent calls failed; then calls
 * fail at once, without waiting on a dead catalog, until it lets a few probes through. A 404 is an answer
 * (no such product), not a failure.
 */
public class CatalogProductPrices implements ProductPrices, AutoCloseable {

    static final String RESILIENCE_NAME = "catalog";

    private final RestClient catalog;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Duration deadline;
    // The request's trace context travels to each call, so the catalog calls show under the order in Zipkin.
    private final ExecutorService calls = ContextExecutorService.wrap(Executors.newVirtualThreadPerTaskExecutor(),
            ContextSnapshotFactory.builder().build());

    CatalogProductPrices(RestClient catalog, CircuitBreaker breaker, Retry retry, Duration deadline) {
        this.catalog = catalog;
        this.breaker = breaker;
        this.retry = retry;
        this.deadline = deadline;
    }

    @Override
    public Map<Long, PricedProduct> findAll(Collection<Long> productIds) {
        Map<Long, Future<Optional<PricedProduct>>> pending = new LinkedHashMap<>();
        for (long productId : productIds) {
            pending.putIfAbsent(productId, calls.submit(() -> find(productId)));
        }
        long end = System.nanoTime() + deadline.toNanos();
        Map<Long, PricedProduct> found = new LinkedHashMap<>();
        try {
            for (Map.Entry<Long, Future<Optional<PricedProduct>>> call : pending.entrySet()) {
                call.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .ifPresent(product -> found.put(call.getKey(), product));
            }
            return found;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PricingUnavailable unavailable) {
                throw unavailable;
            }
            throw new PricingUnavailable("the catalog's answer could not be used; try again later", retryAfter(), e.getCause());
        } catch (TimeoutException e) {
            throw new PricingUnavailable("the catalog did not price the order within " + deadline.toMillis()
                    + " ms; try again later", retryAfter(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PricingUnavailable("pricing was interrupted; try again later", retryAfter(), e);
        } finally {
            // Whatever failed first decides the answer: the calls still running are not waited for. They are not
            // interrupted either: an interrupted call would count as a catalog failure in the breaker.
            pending.values().forEach(call -> call.cancel(false));
        }
    }

    private Optional<PricedProduct> find(long productId) {
        try {
            // The breaker counts whole calls, retries included: one dead instance of two (the retry's next attempt
            // goes to the other) is a success, not half a failure; a dead catalog is one failure per call.
            return CircuitBreaker.decorateSupplier(breaker, Retry.decorateSupplier(retry, () -> fetch(productId))).get();
        } catch (CallNotPermittedException e) {
            throw new PricingUnavailable("the catalog is unavailable (circuit breaker open); try again later",
                    retryAfter(), e);
        } catch (RestClientException e) {
            throw new PricingUnavailable("the catalog did not answer; try again later", retryAfter(), e);
        }
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    private Optional<PricedProduct> fetch(long productId) {
        try {
            CatalogProduct product = catalog.get().uri("/products/{id}", productId).retrieve().body(CatalogProduct.class);
            return Optional.ofNullable(product).map(CatalogProduct::priced);
        } catch (HttpClientErrorException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** When to try again: once the open breaker would let a probe through. */
    private Duration retryAfter() {
        return Duration.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }

    /** The part of the catalog's product representation that an order needs. */
    record CatalogProduct(long id, String sku, String name, Price price) {

        record Price(long amountMinor, String currency) {
        }

        PricedProduct priced() {
            return new PricedProduct(id, sku, name, price.amountMinor(), price.currency());
        }
    }
}
