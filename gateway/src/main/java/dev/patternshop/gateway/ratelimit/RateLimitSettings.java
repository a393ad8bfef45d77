package dev.patternshop.gateway.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Rate limits per route (by route id), with a default for routes not listed, one for logins per IP and a lockout
 * per account. Each client (the authenticated user, else its IP) has its own bucket or window per route.
 * (A {@link RateLimitPolicy} checks its own values: it is built in code too.)
 *
 * @param defaultPolicy     required when rate limiting is on
 * @param storeTimeout      how long a request waits for Redis before the limiter treats it as unavailable
 * @param keyPrefix         where the limiter's keys live in Redis (one namespace per deployment, or per test)
 * @param localFallbackKeys how many login buckets and lockouts one instance keeps in memory while Redis is away
 */
@Validated
@ConfigurationProperties("gateway.rate-limit")
public record RateLimitSettings(
        @DefaultValue("true") boolean enabled,
        RateLimitPolicy defaultPolicy,
        Map<String, RateLimitPolicy> routes,
        RateLimitPolicy login,
        @Valid AccountLockoutPolicy loginAccount,

        @NotNull @DurationMin(millis = 1) @DefaultValue("250ms")
        Duration storeTimeout,

        @NotBlank @DefaultValue("gateway:ratelimit:") String keyPrefix,
        @Min(1) @DefaultValue("10000") int localFallbackKeys) {

    public RateLimitSettings {
        routes = routes == null ? Map.of() : Map.copyOf(routes);
    }

    @AssertTrue(message = "default-policy is required when rate limiting is on")
    boolean isDefaultPolicyGivenWhenEnabled() {
        return !enabled || defaultPolicy != null;
    }

    public RateLimitPolicy policyFor(String routeId) {
        return routes.getOrDefault(routeId, defaultPolicy);
    }

    /**
     * @param maxFailures consecutive failed logins of one account after which it is locked
     * @param lockout     how long the lock lasts after the last failure (a success clears the count)
     */
    public record AccountLockoutPolicy(
            @Min(1) int maxFailures,
            @NotNull @DurationMin(millis = 1) Duration lockout) {}
}
