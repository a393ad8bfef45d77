package dev.patternshop.gateway.ratelimit;

import dev.patternshop.gateway.routing.EdgePaths;
import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * Password guessing costs the guesser: {@code POST /auth/token} is limited per client IP by
 * {@code gateway.rate-limit.login}, before any bcrypt work is done (each check costs tens of milliseconds
 * of CPU, so an unlimited endpoint would also be a cheap way to load the gateway). Unlike browsing, this limit
 * fails closed: while Redis cannot be asked, each gateway instance keeps the same limit in its own memory.
 * (Per account: {@link AccountLockout}.) Matched like the router matches, on the canonical path.
 */
public class LoginRateLimitFilter implements WebFilter {

    static final PathPattern LOGIN_PATH = EdgePaths.pattern("/auth/token");

    private final RateLimitFilter rateLimits;
    private final EdgeRateLimiter limiter;
    private final LocalTokenBuckets fallback;
    private final RateLimitSettings settings;

    LoginRateLimitFilter(
            RateLimitFilter rateLimits,
            EdgeRateLimiter limiter,
            LocalTokenBuckets fallback,
            RateLimitSettings settings) {
        this.rateLimits = rateLimits;
        this.limiter = limiter;
        this.fallback = fallback;
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        boolean login = exchange.getRequest().getMethod() == HttpMethod.POST && EdgePaths.matches(LOGIN_PATH, exchange);
        if (!login || !settings.enabled() || settings.login() == null) {
            return chain.filter(exchange);
        }
        String key = RateLimitFilter.ipKey(exchange) + ":login";
        Mono<RateLimitDecision> decision = limiter.check(key, settings.login())
                .map(shared -> shared.degraded() ? fallback.take(key, settings.login()) : shared);
        return rateLimits.enforce(exchange, decision, settings.login(), () -> chain.filter(exchange));
    }
}
