package dev.patternshop.gateway.routing;

import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory.RetryConfig;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@code Retry} of idempotent requests only: the configured methods (GET, HEAD), and, on a route whose metadata
 * says {@value #OPT_IN}, also a request that carries an {@code Idempotency-Key}, whatever its method, because that
 * route's service promises to apply a key once (a POST whose first attempt did reach the service is answered from
 * the stored result). Elsewhere a keyed POST is never sent twice on a guess. Configured like Retry, once, as a
 * default filter: each route gets exactly one retry, and the opt-in is per route (orders), never every route that
 * happens to receive the header.
 */
@Component
public class IdempotentRetryGatewayFilterFactory extends AbstractGatewayFilterFactory<RetryConfig> {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Route metadata: {@code true} where the service applies an Idempotency-Key once. */
    public static final String OPT_IN = "retry-requests-with-idempotency-key";

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
        return (exchange, chain) -> optedIn(exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR))
                        && exchange.getRequest().getHeaders().containsHeader(IDEMPOTENCY_KEY)
                ? anyMethod.filter(exchange, chain)
                : configuredMethods.filter(exchange, chain);
    }

    private static boolean optedIn(Route route) {
        // true or "true": the value's type depends on where the route was defined (YAML, Java DSL).
        return route != null
                && Boolean.parseBoolean(String.valueOf(route.getMetadata().get(OPT_IN)));
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
