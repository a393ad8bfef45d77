package dev.patternshop.gateway.ratelimit;

import org.springframework.http.HttpMethod;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Password guessing costs the guesser: {@code POST /auth/token} is limited per client IP by
 * {@code gateway.rate-limit.login}, before any bcrypt work is done (each check costs tens of milliseconds
 * of CPU, so an unlimited endpoint would also be a cheap way to load the gateway).
 */
public class LoginRateLimitFilter implements WebFilter {

    static final String LOGIN_PATH = "/auth/token";

    private final RateLimitFilter rateLimits;
    private final RateLimitSettings settings;

    public LoginRateLimitFilter(RateLimitFilter rateLimits, RateLimitSettings settings) {
        this.rateLimits = rateLimits;
        this.settings = settings;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        boolean login = exchange.getRequest().getMethod() == HttpMethod.POST
                && LOGIN_PATH.equals(exchange.getRequest().getPath().value());
        if (!login || !settings.enabled() || settings.login() == null) {
            return chain.filter(exchange);
        }
        return rateLimits.enforce(exchange, RateLimitFilter.ipKey(exchange) + ":login", settings.login(),
                () -> chain.filter(exchange));
    }
}
