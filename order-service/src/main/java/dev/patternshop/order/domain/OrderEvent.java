package dev.patternshop.order.domain;

import java.time.Instant;
import java.util.List;

/**
 * What happened to an order, in the past tense, as the aggregate records it. The messaging adapter maps these onto
 * the shared contracts ({@code infra/event-contracts}); the domain knows nothing of topics or JSON.
 */
public sealed interface OrderEvent {

    OrderId orderId();

    Instant occurredAt();

    /** The order was accepted: PENDING, with the lines and total priced at placing time. */
    record OrderPlaced(
            OrderId orderId,
            String customerId,
            List<OrderLine> lines,
            long totalMinor,
            String currency,
            Instant occurredAt)
            implements OrderEvent {

        public OrderPlaced {
            lines = List.copyOf(lines);
        }
    }

    /** The order waits for its stock to be reserved. */
    record StockRequested(OrderId orderId, Instant occurredAt) implements OrderEvent {}

    /** Its stock is reserved; the order waits for the payment to be authorized. */
    record PaymentRequested(OrderId orderId, Instant occurredAt) implements OrderEvent {}

    /** Stock reserved and payment authorized: the order will be fulfilled. */
    record OrderConfirmed(OrderId orderId, Instant occurredAt) implements OrderEvent {}

    /** The order will not be fulfilled; the reason says why (for the customer and for support). */
    record OrderCancelled(OrderId orderId, OrderStatus cancelledWhile, String reason, Instant occurredAt)
            implements OrderEvent {}
}
