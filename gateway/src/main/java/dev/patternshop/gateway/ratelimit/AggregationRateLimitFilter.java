package dev.patternshop.gateway.ratelimit;

import dev.patternshop.gateway.routing.EdgePaths;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * The storefront is answered by the gateway itself, not by a route, so the routes' limiter never sees it; yet
 * each storefront request costs a catalog and an inventory call. It gets the same per-client limit as a route,
 * under the policy named {@value #POLICY} (the default policy unless one is configured). Runs after Spring
 * Security, so a signed-in customer is limited per user, an anonymous one per IP.
 */
public class AggregationRateLimitFilter implements WebFilter {

    static final String POLICY = "storefront";
    private static final PathPattern STOREFRONT = EdgePaths.pattern("/api/storefront/**");

    private final RateLimitFilter rateLimits;
    private final EdgeRateLimiter limiter;
    private final RateLimitSettings settings;

    AggregationRateLimitFilter(RateLimitFilter rateLimits, EdgeRateLimiter limiter, RateLimitSettings settings) {
        this.rateLimits = rateLimits;
        this.limiter = limiter;
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!settings.enabled() || !EdgePaths.matches(STOREFRONT, exchange)) {
            return chain.filter(exchange);
        }
        RateLimitPolicy policy = settings.policyFor(POLICY);
        return RateLimitFilter.clientKey(exchange)
                .flatMap(client -> rateLimits.enforce(
                        exchange, limiter.check(client + ":" + POLICY, policy), policy, () -> chain.filter(exchange)));
    }
}
