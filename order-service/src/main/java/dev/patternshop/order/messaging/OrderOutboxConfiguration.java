package dev.patternshop.order.messaging;

import dev.patternshop.order.sharding.ShardClusters;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OrderOutboxSettings.class, BrokerSettings.class})
class OrderOutboxConfiguration {

    @Bean
    OrderOutboxRelays orderOutboxRelays(
            ShardClusters clusters, OrderOutboxSettings settings, BrokerSettings broker, MeterRegistry meters) {
        return new OrderOutboxRelays(clusters, settings, broker.bootstrapServersList(), meters);
    }
}
