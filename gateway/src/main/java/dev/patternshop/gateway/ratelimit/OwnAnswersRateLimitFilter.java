package dev.patternshop.gateway.ratelimit;

import dev.patternshop.gateway.routing.EdgePaths;
import java.util.List;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * Requests the gateway answers itself, not through a route, so the routes' limiter never sees them: the
 * storefront (each of its requests costs a catalog and an inventory call) and the API docs (the UI, its config,
 * the gateway's own description). Each group gets the same per-client limit as a route, under a policy of its
 * own name (the default policy unless one is configured). Runs after Spring Security, so a signed-in customer is
 * limited per user, an anonymous one per IP.
 */
public class OwnAnswersRateLimitFilter implements WebFilter {

    static final String STOREFRONT_POLICY = "storefront";
    static final String DOCS_POLICY = "docs";

    private final String policyName;
    private final List<PathPattern> paths;
    private final RateLimitFilter rateLimits;
    private final EdgeRateLimiter limiter;
    private final RateLimitSettings settings;

    OwnAnswersRateLimitFilter(
            String policyName,
            List<String> paths,
            RateLimitFilter rateLimits,
            EdgeRateLimiter limiter,
            RateLimitSettings settings) {
        this.policyName = policyName;
        this.paths = paths.stream().map(EdgePaths::pattern).toList();
        this.rateLimits = rateLimits;
        this.limiter = limiter;
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!settings.enabled() || paths.stream().noneMatch(path -> EdgePaths.matches(path, exchange))) {
            return chain.filter(exchange);
        }
        RateLimitPolicy policy = settings.policyFor(policyName);
        return RateLimitFilter.clientKey(exchange)
                .flatMap(client -> rateLimits.enforce(
                        exchange,
                        limiter.check(client + ":" + policyName, policy),
                        policy,
                        () -> chain.filter(exchange)));
    }
}
