package dev.patternshop.gateway.ratelimit;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Rate limits per route (by route id), with a default for routes not listed, one for logins per IP and a lockout
 * per account. Each client (the authenticated user, else its IP) has its own bucket or window per route.
 *
 * @param storeTimeout      how long a request waits for Redis before the limiter treats it as unavailable
 * @param keyPrefix         where the limiter's keys live in Redis (one namespace per deployment, or per test)
 * @param localFallbackKeys how many login buckets and lockouts one instance keeps in memory while Redis is away
 */
@ConfigurationProperties("gateway.rate-limit")
public record RateLimitSettings(@DefaultValue("true") boolean enabled, RateLimitPolicy defaultPolicy,
                                Map<String, RateLimitPolicy> routes, RateLimitPolicy login,
                                AccountLockoutPolicy loginAccount,
                                @DefaultValue("250ms") Duration storeTimeout,
                                @DefaultValue("gateway:ratelimit:") String keyPrefix,
                                @DefaultValue("10000") int localFallbackKeys) {

    public RateLimitSettings {
        routes = routes == null ? Map.of() : Map.copyOf(routes);
        if (enabled && defaultPolicy == null) {
            throw new IllegalArgumentException("gateway.rate-limit.default-policy is required when rate limiting is on");
        }
        if (localFallbackKeys < 1) {
            throw new IllegalArgumentException("gateway.rate-limit.local-fallback-keys must be at least 1");
        }
    }

    public RateLimitPolicy policyFor(String routeId) {
        return routes.getOrDefault(routeId, defaultPolicy);
    }

    /**
     * @param maxFailures consecutive failed logins of one account after which it is locked
     * @param lockout     how long the lock lasts after the last failure (a success clears the count)
     */
    public record AccountLockoutPolicy(int maxFailures, Duration lockout) {

        public AccountLockoutPolicy {
            if (maxFailures < 1 || lockout == null || lockout.toMillis() < 1) {
                throw new IllegalArgumentException("gateway.rate-limit.login-account needs max-failures >= 1 and a lockout");
            }
        }
    }
}
