package dev.patternshop.order.catalog;

import dev.patternshop.order.domain.PricingUnavailable;
import dev.patternshop.order.domain.ProductPrices;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.context.ContextExecutorService;
import io.micrometer.context.ContextSnapshotFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Prices products from the catalog's {@code GET /products/batch?ids=...}: one call per order, however many items
 * it has, within one deadline for the whole order. The call goes to a load-balanced instance (round robin) with a
 * timeout; failures (I/O, timeouts, 5xx) are retried with backoff, so the next attempt meets the other instance.
 * The circuit breaker around the call opens when most recent calls failed; then calls fail at once, without
 * waiting on a dead catalog, until it lets a few probes through. A product the catalog does not know is simply
 * absent from its answer.
 */
public class CatalogProductPrices implements ProductPrices, AutoCloseable {

    static final String RESILIENCE_NAME = "catalog";

    private final RestClient catalog;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final Duration deadline;
    // The call runs on its own (virtual) thread so the deadline can end the wait whatever the retries are doing;
    // the request's trace context travels along, so the catalog call shows under the order in Zipkin.
    private final ExecutorService calls = ContextExecutorService.wrap(
            Executors.newVirtualThreadPerTaskExecutor(),
            ContextSnapshotFactory.builder().build());

    CatalogProductPrices(RestClient catalog, CircuitBreaker breaker, Retry retry, Duration deadline) {
        this.catalog = catalog;
        this.breaker = breaker;
        this.retry = retry;
        this.deadline = deadline;
    }

    @Override
    public Map<Long, PricedProduct> findAll(Collection<Long> productIds) {
        Set<Long> ids = new LinkedHashSet<>(productIds);
        if (ids.isEmpty()) {
            return Map.of();
        }
        Future<Map<Long, PricedProduct>> call = calls.submit(() -> find(ids));
        try {
            return call.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof PricingUnavailable unavailable) {
                throw unavailable;
            }
            throw new PricingUnavailable(
                    "the catalog's answer could not be used; try again later", retryAfter(), e.getCause());
        } catch (TimeoutException e) {
            throw new PricingUnavailable(
                    "the catalog did not price the order within " + deadline.toMillis() + " ms; try again later",
                    retryAfter(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PricingUnavailable("pricing was interrupted; try again later", retryAfter(), e);
        } finally {
            // Past the deadline the call is not waited for. Nor interrupted: an interrupted call would count as a
            // catalog failure in the breaker.
            call.cancel(false);
        }
    }

    private Map<Long, PricedProduct> find(Set<Long> ids) {
        try {
            // The breaker counts whole calls, retries included: one dead instance of two (the retry's next attempt
            // goes to the other) is a success, not half a failure; a dead catalog is one failure per call.
            return CircuitBreaker.decorateSupplier(breaker, Retry.decorateSupplier(retry, () -> fetch(ids)))
                    .get();
        } catch (CallNotPermittedException e) {
            throw new PricingUnavailable(
                    "the catalog is unavailable (circuit breaker open); try again later", retryAfter(), e);
        } catch (RestClientException e) {
            throw new PricingUnavailable("the catalog did not answer; try again later", retryAfter(), e);
        }
    }

    public CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    private Map<Long, PricedProduct> fetch(Set<Long> ids) {
        String list = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        CatalogBatch batch =
                catalog.get().uri("/products/batch?ids={ids}", list).retrieve().body(CatalogBatch.class);
        Map<Long, PricedProduct> found = new LinkedHashMap<>();
        if (batch != null && batch.products() != null) {
            // Only what was asked for: the answer decides prices, so nothing else may slip in.
            batch.products().stream()
                    .filter(product -> ids.contains(product.id()))
                    .forEach(product -> found.put(product.id(), product.priced()));
        }
        return found;
    }

    /** When to try again: once the open breaker would let a probe through. */
    private Duration retryAfter() {
        return Duration.ofMillis(breaker.getCircuitBreakerConfig()
                .getWaitIntervalFunctionInOpenState()
                .apply(1));
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }

    /** The catalog's batch answer: the products it found. */
    record CatalogBatch(List<CatalogProduct> products) {}

    /** The part of the catalog's product representation that an order needs. */
    record CatalogProduct(long id, String sku, String name, Price price) {

        record Price(long amountMinor, String currency) {}

        PricedProduct priced() {
            return new PricedProduct(id, sku, name, price.amountMinor(), price.currency());
        }
    }
}
