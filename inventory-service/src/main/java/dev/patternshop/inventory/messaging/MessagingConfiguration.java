package dev.patternshop.inventory.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({InventoryOutboxSettings.class, BrokerSettings.class})
class MessagingConfiguration {

    @Bean
    InventoryOutboxRelay inventoryOutboxRelay(
            DataSource dataSource, InventoryOutboxSettings settings, BrokerSettings broker, MeterRegistry meters) {
        return new InventoryOutboxRelay(dataSource, settings, broker.bootstrapServersList(), meters);
    }
}
