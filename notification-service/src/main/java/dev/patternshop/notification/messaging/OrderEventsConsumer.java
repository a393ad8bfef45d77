package dev.patternshop.notification.messaging;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.Topics;
import dev.patternshop.events.order.v1.OrderCancelled;
import dev.patternshop.events.order.v1.OrderConfirmed;
import dev.patternshop.events.order.v1.OrderPlaced;
import dev.patternshop.events.order.v1.PaymentRequested;
import dev.patternshop.events.order.v1.StockRequested;
import dev.patternshop.inbox.InboxConsumer;
import dev.patternshop.inbox.InboxConsumers;
import dev.patternshop.inbox.UnknownTypes;
import dev.patternshop.notification.notice.NoticeSink;
import dev.patternshop.notification.notice.OrderNotice;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Notification's ear: the order events on {@link Topics#ORDER_EVENTS}, in a consumer group of its own
 * ({@code notification-service.order-events}: pub/sub beside the saga, which never waits for it), each event handled
 * once (the inbox) and turned into one {@link OrderNotice} for every {@link NoticeSink}, in the inbox's transaction.
 */
@Configuration(proxyBeanMethods = false)
class OrderEventsConsumer {

    @Bean
    InboxConsumer orderEvents(InboxConsumers consumers, DataSource dataSource, List<NoticeSink> sinks) {
        return consumers
                .consumer("order-events", Topics.ORDER_EVENTS)
                .on(
                        OrderPlaced.TYPE,
                        OrderPlaced.class,
                        (event, envelope) -> notify(
                                sinks,
                                notice(
                                        envelope,
                                        event.orderId(),
                                        event.customerId(),
                                        OrderNotice.PLACED,
                                        "PENDING",
                                        null)))
                .on(
                        StockRequested.TYPE,
                        StockRequested.class,
                        (event, envelope) -> notify(
                                sinks,
                                notice(
                                        envelope,
                                        event.orderId(),
                                        event.customerId(),
                                        OrderNotice.AWAITING_STOCK,
                                        "AWAITING_STOCK",
                                        null)))
                .on(
                        PaymentRequested.TYPE,
                        PaymentRequested.class,
                        (event, envelope) -> notify(
                                sinks,
                                notice(
                                        envelope,
                                        event.orderId(),
                                        event.customerId(),
                                        OrderNotice.AWAITING_PAYMENT,
                                        "AWAITING_PAYMENT",
                                        null)))
                .on(
                        OrderConfirmed.TYPE,
                        OrderConfirmed.class,
                        (event, envelope) -> notify(
                                sinks,
                                notice(
                                        envelope,
                                        event.orderId(),
                                        event.customerId(),
                                        OrderNotice.CONFIRMED,
                                        "CONFIRMED",
                                        null)))
                .on(
                        OrderCancelled.TYPE,
                        OrderCancelled.class,
                        (event, envelope) -> notify(
                                sinks,
                                notice(
                                        envelope,
                                        event.orderId(),
                                        event.customerId(),
                                        OrderNotice.CANCELLED,
                                        "CANCELLED",
                                        event.reason())))
                // An order event of a later version or a new type is not ours to refuse: counted and skipped.
                .unknownTypes(UnknownTypes.IGNORE)
                .build(dataSource);
    }

    private static OrderNotice notice(
            Envelope envelope, String orderId, String customerId, String type, String status, String reason) {
        return new OrderNotice(envelope.messageId(), orderId, customerId, type, status, reason, envelope.occurredAt());
    }

    private static void notify(List<NoticeSink> sinks, OrderNotice notice) {
        sinks.forEach(sink -> sink.accept(notice));
    }
}
