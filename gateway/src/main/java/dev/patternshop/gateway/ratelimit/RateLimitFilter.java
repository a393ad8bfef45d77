package dev.patternshop.gateway.ratelimit;

import dev.patternshop.gateway.problem.ProblemResponses;
import dev.patternshop.servicedefaults.RetryAfter;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.authentication.AbstractOAuth2TokenAuthenticationToken;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Asks the limiter before a request leaves the gateway. Every response carries
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Policy}; a refused request gets
 * 429 problem+json with {@code Retry-After} (whole seconds, rounded up) and never reaches the service.
 */
public class RateLimitFilter implements GlobalFilter, Ordered {

    static final String LIMIT = "RateLimit-Limit";
    static final String REMAINING = "RateLimit-Remaining";
    static final String POLICY = "RateLimit-Policy";

    private final EdgeRateLimiter limiter;
    private final RateLimitSettings settings;

    public RateLimitFilter(EdgeRateLimiter limiter, RateLimitSettings settings) {
        this.limiter = limiter;
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (!settings.enabled() || route == null) {
            return chain.filter(exchange);
        }
        RateLimitPolicy policy = settings.policyFor(route.getId());
        return clientKey(exchange)
                .flatMap(client -> enforce(
                        exchange,
                        limiter.check(client + ":" + route.getId(), policy),
                        policy,
                        () -> chain.filter(exchange)));
    }

    /** Sets the headers from the limiter's {@code decision}; answers 429 or goes on with {@code proceed}. */
    Mono<Void> enforce(
            ServerWebExchange exchange,
            Mono<RateLimitDecision> decisions,
            RateLimitPolicy policy,
            Supplier<Mono<Void>> proceed) {
        return decisions.flatMap(decision -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set(LIMIT, Long.toString(decision.limit()));
            headers.set(REMAINING, Long.toString(decision.remaining()));
            headers.set(
                    POLICY,
                    decision.degraded()
                            ? "unavailable"
                            : decision.limit() + ";w=" + policy.period().toSeconds() + ";algorithm="
                                    + policy.algorithm().headerName());
            if (decision.allowed()) {
                return proceed.get();
            }
            long seconds = RetryAfter.seconds(decision.retryAfter());
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            return ProblemResponses.write(
                    exchange,
                    HttpStatus.TOO_MANY_REQUESTS,
                    "Rate limit of " + decision.limit() + " requests per "
                            + policy.period().toSeconds() + " s reached; retry after " + seconds + " s.");
        });
    }

    /**
     * The client: the authenticated user (the token's subject), so one user gets one budget from any
     * address; anonymous callers by IP.
     */
    static Mono<String> clientKey(ServerWebExchange exchange) {
        return exchange.getPrincipal()
                .filter(AbstractOAuth2TokenAuthenticationToken.class::isInstance)
                .map(principal -> "user:" + principal.getName())
                .defaultIfEmpty(ipKey(exchange));
    }

    static String ipKey(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return "ip:"
                + (remote == null || remote.getAddress() == null
                        ? "unknown"
                        : remote.getAddress().getHostAddress());
    }

    @Override
    public int getOrder() {
        // After the route is chosen, before the load balancer picks an instance. 1, not 0: after the gateway's own
        // metrics filter (0), which would otherwise not see a 429 answered here and could not count it by route. A
        // route's own filters are ordered 1, 2, ... by position, and a global filter sorts before a route filter of the
        // same order, so the limit still runs before the route's breaker.
        return 1;
    }
}
