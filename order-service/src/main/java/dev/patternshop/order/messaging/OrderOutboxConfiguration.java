package dev.patternshop.order.messaging;

import dev.patternshop.order.sharding.ShardClusters;
import dev.patternshop.outbox.OutboxProducers;
import dev.patternshop.outbox.OutboxRelays;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OrderOutboxSettings.class, BrokerSettings.class})
class OrderOutboxConfiguration {

    /** The relays continue each order's trace (service-defaults' OpenTelemetry), or publish without spans. */
    @Bean
    OrderOutboxRelays orderOutboxRelays(
            ShardClusters clusters,
            OrderOutboxSettings settings,
            BrokerSettings broker,
            MeterRegistry meters,
            ObjectProvider<OpenTelemetry> openTelemetry) {
        return new OrderOutboxRelays(
                clusters,
                settings,
                OutboxProducers.factory(broker.bootstrapServersList(), "order-service-outbox"),
                meters,
                OutboxRelays.tracing(openTelemetry.getIfAvailable()));
    }
}
