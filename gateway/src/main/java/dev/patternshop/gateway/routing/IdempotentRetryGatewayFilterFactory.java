package dev.patternshop.gateway.routing;

import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory.RetryConfig;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code Retry}, plus one rule: a request that carries an {@code Idempotency-Key} is retried whatever its
 * method, because the service promises to apply that key once (a POST whose first attempt did reach the
 * service is answered from the stored result). Without the key only the configured methods (GET, HEAD)
 * are retried, so a POST is never sent twice on a guess. Configured like Retry:
 * {@code name: IdempotentRetry} with Retry's arguments, and only on a route whose service keeps that promise
 * (orders): an explicit opt-in per route, never every route that happens to receive the header.
 */
@Component
public class IdempotentRetryGatewayFilterFactory extends AbstractGatewayFilterFactory<RetryConfig> {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final RetryGatewayFilterFactory retries;

    public IdempotentRetryGatewayFilterFactory(RetryGatewayFilterFactory retries) {
        super(RetryConfig.class);
        this.retries = retries;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return retries.shortcutFieldOrder();
    }

    @Override
    public GatewayFilter apply(RetryConfig config) {
        GatewayFilter configuredMethods = retries.apply(config);
        GatewayFilter anyMethod = retries.apply(anyMethodCopy(config));
        return (exchange, chain) -> exchange.getRequest().getHeaders().containsHeader(IDEMPOTENCY_KEY)
                ? anyMethod.filter(exchange, chain)
                : configuredMethods.filter(exchange, chain);
    }

    @SuppressWarnings("unchecked")
    private static RetryConfig anyMethodCopy(RetryConfig config) {
        RetryConfig copy = new RetryConfig()
                .setRetries(config.getRetries())
                .setSeries(config.getSeries().toArray(HttpStatus.Series[]::new))
                .setStatuses(config.getStatuses().toArray(HttpStatus[]::new))
                .setBackoff(config.getBackoff())
                .setJitter(config.getJitter())
                .setTimeout(config.getTimeout())
                .setExceptions(config.getExceptions().toArray(Class[]::new))
                .allMethods();
        copy.setRouteId(config.getRouteId());
        return copy;
    }
}
