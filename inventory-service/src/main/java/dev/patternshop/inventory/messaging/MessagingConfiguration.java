package dev.patternshop.inventory.messaging;

import dev.patternshop.events.Topics;
import dev.patternshop.events.inventory.v1.CommitReservation;
import dev.patternshop.events.inventory.v1.ReleaseReservation;
import dev.patternshop.events.inventory.v1.ReserveStock;
import dev.patternshop.inbox.InboxConsumer;
import dev.patternshop.inbox.InboxConsumers;
import dev.patternshop.inventory.reservation.ReservationCommands;
import dev.patternshop.outbox.OutboxProducers;
import dev.patternshop.outbox.OutboxRelays;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Inventory's two ends of messaging. In: the commands on {@link Topics#INVENTORY_COMMANDS}, each handled once
 * (the inbox) in the transaction that applies it; every instance joins one consumer group, so the instances share
 * the topic's partitions. Out: the replies and StockChanged events the handlers append to the outbox, published
 * by the relay (one instance leads).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({InventoryOutboxSettings.class, BrokerSettings.class})
class MessagingConfiguration {

    static final String DATABASE = "inventory";

    @Bean
    InboxConsumer inventoryCommands(InboxConsumers consumers, DataSource dataSource, ReservationCommands commands) {
        return consumers
                .consumer("commands", Topics.INVENTORY_COMMANDS)
                .on(ReserveStock.TYPE, ReserveStock.class, commands::reserve)
                .on(CommitReservation.TYPE, CommitReservation.class, commands::commit)
                .on(ReleaseReservation.TYPE, ReleaseReservation.class, commands::release)
                .build(dataSource);
    }

    /** The relay continues each reply's trace (service-defaults' OpenTelemetry), or publishes without spans. */
    @Bean
    OutboxRelays inventoryOutboxRelays(
            DataSource dataSource,
            InventoryOutboxSettings settings,
            BrokerSettings broker,
            MeterRegistry meters,
            ObjectProvider<OpenTelemetry> openTelemetry) {
        OutboxRelays relays = new OutboxRelays(
                Map.of(DATABASE, dataSource),
                OutboxProducers.factory(broker.bootstrapServersList(), "inventory-service-outbox"),
                settings.relay(),
                meters,
                OutboxRelays.tracing(openTelemetry.getIfAvailable()));
        relays.setAutoStartup(settings.relayEnabled());
        return relays;
    }
}
