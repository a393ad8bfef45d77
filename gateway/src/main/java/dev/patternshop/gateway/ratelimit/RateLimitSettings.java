package dev.patternshop.gateway.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
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
 * @param localFallbackKeys how many login buckets and lockouts one instance keeps in memory while Redis is away,
 *                          and how many clients' local shares it keeps
 * @param localShare        permits taken from Redis several at a time and spent in this instance ({@link LocalShares})
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
        @Min(1) @DefaultValue("10000") int localFallbackKeys,
        @Valid @NotNull @DefaultValue LocalShare localShare) {

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
     * @param maxFraction the largest lease, as a fraction of the policy's capacity (at least one permit; 0: every
     *                    request asks Redis)
     * @param leaseTime   how long leased permits may be spent here before the rest are dropped
     */
    public record LocalShare(
            @DecimalMin("0") @DecimalMax("1") @DefaultValue("0.1")
            double maxFraction,

            @NotNull @DurationMin(millis = 1) @DefaultValue("100ms")
            Duration leaseTime) {}

    /**
     * @param maxFailures consecutive failed logins of one account after which it is locked
     * @param lockout     how long the lock lasts after the last failure (a success clears the count)
     */
    public record AccountLockoutPolicy(
            @Min(1) int maxFailures,
            @NotNull @DurationMin(millis = 1) Duration lockout) {}
}
