package dev.patternshop.order.catalog;

import dev.patternshop.order.order.PricingUnavailable;
import dev.patternshop.order.order.ProductPrices;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import java.time.Duration;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * Prices products from the catalog's {@code GET /products/{id}}. Each attempt goes to a load-balanced instance
 * (round robin) with a timeout; failures (I/O, timeouts, 5xx) are retried with backoff, so the next attempt
 * meets the other instance. The circuit breaker around all of it opens when most recent calls failed; then
 * calls fail at once, without waiting on a dead catalog, until it lets a few probes through. A 404 is an
 * answer (no such product), not a failure.
 */
public class CatalogProductPrices implements ProductPrices {

    static final String RESILIENCE_NAME = "catalog";

    private final RestClient catalog;
    private final CircuitBreaker breaker;
    private final Retry retry;

    CatalogProductPrices(RestClient catalog, CircuitBreaker breaker, Retry retry) {
        this.catalog = catalog;
        this.breaker = breaker;
        this.retry = retry;
    }

    @Override
    public Optional<PricedProduct> find(long productId) {
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

    /** The part of the catalog's product representation that an order needs. */
    record CatalogProduct(long id, String sku, String name, Price price) {

        record Price(long amountMinor, String currency) {
        }

        PricedProduct priced() {
            return new PricedProduct(id, sku, name, price.amountMinor(), price.currency());
        }
    }
}
