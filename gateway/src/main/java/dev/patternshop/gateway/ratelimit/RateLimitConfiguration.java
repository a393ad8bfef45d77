package dev.patternshop.gateway.ratelimit;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
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
    EdgeRateLimiter edgeRateLimiter(ReactiveStringRedisTemplate redis, CircuitBreakerRegistry breakers,
                                    RateLimitSettings settings, Clock clock, MeterRegistry meters) {
        return new EdgeRateLimiter(redis, breakers.circuitBreaker(EdgeRateLimiter.STORE_BREAKER), settings.storeTimeout(),
                clock, meters);
    }

    @Bean
    RateLimitFilter rateLimitFilter(EdgeRateLimiter limiter, RateLimitSettings settings) {
        return new RateLimitFilter(limiter, settings);
    }

    /** Runs before Spring Security's filters, so a refused login never reaches the password check. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 3)
    LoginRateLimitFilter loginRateLimitFilter(RateLimitFilter rateLimits, RateLimitSettings settings) {
        return new LoginRateLimitFilter(rateLimits, settings);
    }
}
