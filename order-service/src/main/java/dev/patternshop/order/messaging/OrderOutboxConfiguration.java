package dev.patternshop.order.messaging;

import dev.patternshop.order.sharding.ShardClusters;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OrderOutboxSettings.class)
class OrderOutboxConfiguration {

    /** The broker address comes from the runtime, as for every service (SPRING_KAFKA_BOOTSTRAP_SERVERS). */
    @Bean
    OrderOutboxRelays orderOutboxRelays(ShardClusters clusters, OrderOutboxSettings settings,
                                        @Value("${spring.kafka.bootstrap-servers}") String bootstrapServers,
                                        MeterRegistry meters) {
        return new OrderOutboxRelays(clusters, settings, bootstrapServers, meters);
    }
}
