package dev.patternshop.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits per route (by route id), with a default for routes not listed, and one for logins.
 * Each client (the authenticated user, else its IP) has its own bucket or window per route; logins are
 * counted per IP. {@code storeTimeout}: how long a request waits for Redis before it is let through unlimited.
 */
@ConfigurationProperties("gateway.rate-limit")
public record RateLimitSettings(@DefaultValue("true") boolean enabled, RateLimitPolicy defaultPolicy,
                                Map<String, RateLimitPolicy> routes, RateLimitPolicy login,
                                @DefaultValue("250ms") Duration storeTimeout) {

    public RateLimitSettings {
        routes = routes == null ? Map.of() : Map.copyOf(routes);
        if (enabled && defaultPolicy == null) {
            throw new IllegalArgumentException("gateway.rate-limit.default-policy is required when rate limiting is on");
        }
    }

    public RateLimitPolicy policyFor(String routeId) {
        return routes.getOrDefault(routeId, defaultPolicy);
    }
}
