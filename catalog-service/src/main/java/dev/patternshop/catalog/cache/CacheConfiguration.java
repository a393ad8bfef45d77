package dev.patternshop.catalog.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CacheSettings.class)
class CacheConfiguration {

    /** The breaker's thresholds live in application.yml under resilience4j.circuitbreaker.instances.redis. */
    static final String REDIS_BREAKER = "redis";

    @Bean
    NearCache nearCache(CacheSettings settings) {
        return new NearCache(settings.near());
    }

    @Bean
    ProductCache productCache(
            StringRedisTemplate redis,
            JsonMapper json,
            CircuitBreakerRegistry breakers,
            CacheSettings settings,
            NearCache nearCache,
            MeterRegistry meters) {
        return new ProductCache(redis, json, breakers.circuitBreaker(REDIS_BREAKER), settings, nearCache, meters);
    }

    /** Other instances' product changes, announced on Redis pub/sub; subscribed in the background (see the class). */
    @Bean
    ProductChangesSubscription productChangesSubscription(
            RedisConnectionFactory connections, NearCache nearCache, CacheSettings settings) {
        return new ProductChangesSubscription(
                connections, nearCache, settings.near().subscribeRetry());
    }
}
