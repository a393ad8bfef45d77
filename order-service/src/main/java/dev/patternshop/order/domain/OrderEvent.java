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
    record StockRequested(OrderId orderId, String customerId, Instant occurredAt) implements OrderEvent {}

    /** Its stock is reserved; the order waits for the payment to be authorized. */
    record PaymentRequested(OrderId orderId, String customerId, Instant occurredAt) implements OrderEvent {}

    /** Stock committed and payment authorized: the order will be fulfilled. */
    record OrderConfirmed(OrderId orderId, String customerId, long totalMinor, String currency, Instant occurredAt)
            implements OrderEvent {}

    /**
     * The order will not be fulfilled; the reason says why (a code, for the customer), the detail what the
     * participant said (for support; may be null).
     */
    record OrderCancelled(
            OrderId orderId,
            String customerId,
            OrderStatus cancelledWhile,
            String reason,
            String detail,
            Instant occurredAt)
            implements OrderEvent {}
}
