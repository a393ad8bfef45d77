package dev.patternshop.payment.messaging;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.Topics;
import dev.patternshop.events.payment.v1.AuthorizePayment;
import dev.patternshop.events.payment.v1.RefundPayment;
import dev.patternshop.events.payment.v1.VoidPayment;
import dev.patternshop.inbox.InboxConsumer;
import dev.patternshop.inbox.InboxConsumers;
import dev.patternshop.inbox.MessageHandler;
import dev.patternshop.inbox.RetryableMessageException;
import dev.patternshop.outbox.OutboxProducers;
import dev.patternshop.outbox.OutboxRelays;
import dev.patternshop.payment.domain.ConcurrentAppend;
import dev.patternshop.payment.payments.PaymentCommands;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Map;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Payment's two ends of messaging. In: the commands on {@link Topics#PAYMENT_COMMANDS}, each handled once (the inbox)
 * in the transaction that applies it. A {@link ConcurrentAppend} (another writer appended to the same payment first)
 * becomes a {@link RetryableMessageException}: the inbox rolls back, waits, and delivers the command again, which
 * then reads the winner's events and answers their outcome. Out: the replies the commands append to the outbox,
 * published by the relay.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PaymentOutboxSettings.class, BrokerSettings.class})
class MessagingConfiguration {

    static final String DATABASE = "payment";

    @Bean
    InboxConsumer paymentCommandsConsumer(InboxConsumers consumers, DataSource dataSource, PaymentCommands commands) {
        return consumers
                .consumer("commands", Topics.PAYMENT_COMMANDS)
                .on(AuthorizePayment.TYPE, AuthorizePayment.class, retryingRaces(commands::authorize))
                .on(VoidPayment.TYPE, VoidPayment.class, retryingRaces(commands::voidPayment))
                .on(RefundPayment.TYPE, RefundPayment.class, retryingRaces(commands::refund))
                .build(dataSource);
    }

    /** The relay continues each reply's trace (service-defaults' OpenTelemetry), or publishes without spans. */
    @Bean
    OutboxRelays paymentOutboxRelays(
            DataSource dataSource,
            PaymentOutboxSettings settings,
            BrokerSettings broker,
            MeterRegistry meters,
            ObjectProvider<OpenTelemetry> openTelemetry) {
        OutboxRelays relays = new OutboxRelays(
                Map.of(DATABASE, dataSource),
                OutboxProducers.factory(broker.bootstrapServersList(), "payment-service-outbox"),
                settings.relay(),
                meters,
                OutboxRelays.tracing(openTelemetry.getIfAvailable()));
        relays.setAutoStartup(settings.relayEnabled());
        return relays;
    }

    static <T> MessageHandler<T> retryingRaces(BiFunction<T, Envelope, Record> command) {
        return (message, envelope) -> {
            try {
                command.apply(message, envelope);
            } catch (ConcurrentAppend race) {
                throw new RetryableMessageException(race.getMessage(), race);
            }
        };
    }
}
