package dev.patternshop.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
    EdgeRateLimiter edgeRateLimiter(ReactiveStringRedisTemplate redis, Clock clock, MeterRegistry meters) {
        return new EdgeRateLimiter(redis, clock, meters);
    }

    @Bean
    RateLimitFilter rateLimitFilter(EdgeRateLimiter limiter, RateLimitSettings settings) {
        return new RateLimitFilter(limiter, settings);
    }
}
