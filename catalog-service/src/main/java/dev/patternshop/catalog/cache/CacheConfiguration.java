package dev.patternshop.catalog.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
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

    /**
     * The subscription to other instances' product changes. It reconnects by itself when Redis comes back (and
     * {@link ProductChanges} then empties the near cache); a Redis that is down at start does not stop the start.
     */
    @Bean
    RedisMessageListenerContainer productChangesSubscription(RedisConnectionFactory connections, NearCache nearCache) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener(new ProductChanges(nearCache), ProductChanges.CHANNEL);
        // An announcement is a map update: handled on the connection's own thread, no thread per message.
        container.setTaskExecutor(new SyncTaskExecutor());
        return container;
    }
}
