package dev.patternshop.gateway.ratelimit;

import dev.patternshop.gateway.routing.DocsPaths;
import dev.patternshop.gateway.routing.EdgeFilterOrder;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitSettings.class)
class RateLimitConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    EdgeRateLimiter edgeRateLimiter(
            ReactiveStringRedisTemplate redis,
            CircuitBreakerRegistry breakers,
            RateLimitSettings settings,
            Clock clock,
            MeterRegistry meters) {
        return new EdgeRateLimiter(
                redis,
                breakers.circuitBreaker(EdgeRateLimiter.STORE_BREAKER),
                settings.storeTimeout(),
                clock,
                meters,
                settings.keyPrefix(),
                new LocalShares(
                        clock,
                        settings.localShare().maxFraction(),
                        settings.localShare().leaseTime(),
                        settings.localFallbackKeys()));
    }

    @Bean
    AccountLockout accountLockout(
            ReactiveStringRedisTemplate redis,
            CircuitBreakerRegistry breakers,
            RateLimitSettings settings,
            Clock clock) {
        return new AccountLockout(
                redis,
                breakers.circuitBreaker(EdgeRateLimiter.STORE_BREAKER),
                settings.storeTimeout(),
                clock,
                settings.enabled() ? settings.loginAccount() : null,
                settings.keyPrefix());
    }

    @Bean
    RateLimitFilter rateLimitFilter(EdgeRateLimiter limiter, RateLimitSettings settings) {
        return new RateLimitFilter(limiter, settings);
    }

    /** After Spring Security's filters (order -100), which establish who the client is. */
    @Bean
    @Order(EdgeFilterOrder.AFTER_SECURITY)
    OwnAnswersRateLimitFilter storefrontRateLimitFilter(
            RateLimitFilter rateLimits, EdgeRateLimiter limiter, RateLimitSettings settings) {
        return new OwnAnswersRateLimitFilter(
                OwnAnswersRateLimitFilter.STOREFRONT_POLICY,
                List.of("/api/storefront/**"),
                rateLimits,
                limiter,
                settings);
    }

    /** The API docs the gateway serves itself; each service's description is limited by its route. */
    @Bean
    @Order(EdgeFilterOrder.AFTER_SECURITY)
    OwnAnswersRateLimitFilter docsRateLimitFilter(
            RateLimitFilter rateLimits, EdgeRateLimiter limiter, RateLimitSettings settings) {
        return new OwnAnswersRateLimitFilter(
                OwnAnswersRateLimitFilter.DOCS_POLICY,
                DocsPaths.ANSWERED_BY_THE_GATEWAY,
                rateLimits,
                limiter,
                settings);
    }

    /** Runs before Spring Security's filters, so a refused login never reaches the password check. */
    @Bean
    @Order(EdgeFilterOrder.LOGIN_LIMIT)
    LoginRateLimitFilter loginRateLimitFilter(
            RateLimitFilter rateLimits, EdgeRateLimiter limiter, RateLimitSettings settings, Clock clock) {
        return new LoginRateLimitFilter(
                rateLimits, limiter, new LocalTokenBuckets(clock, settings.localFallbackKeys()), settings);
    }
}
