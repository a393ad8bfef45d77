package dev.patternshop.notification.notice;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What notification knows of an order's life, from the order events it consumes (choreography: nobody calls this
 * service, it reacts). One per order event, whatever its contract: the webhooks and the live streams see this.
 *
 * @param eventId    the order event's message id: one notice per event, however often Kafka delivers it
 * @param type       what happened, as subscribers name it: one of {@link #TYPES}
 * @param status     the order's status after it: PENDING (placed), AWAITING_STOCK, AWAITING_PAYMENT, CONFIRMED,
 *                   CANCELLED
 * @param reason     why it was cancelled (OrderCancelled's reason code), else null
 */
public record OrderNotice(
        UUID eventId,
        String orderId,
        String customerId,
        String type,
        String status,
        String reason,
        Instant occurredAt) {

    public static final String PLACED = "order.placed";
    public static final String AWAITING_STOCK = "order.awaiting-stock";
    public static final String AWAITING_PAYMENT = "order.awaiting-payment";
    public static final String CONFIRMED = "order.confirmed";
    public static final String CANCELLED = "order.cancelled";

    /** Every type a webhook subscription may ask for, in the order an order meets them. */
    public static final java.util.List<String> TYPES =
            java.util.List.of(PLACED, AWAITING_STOCK, AWAITING_PAYMENT, CONFIRMED, CANCELLED);

    public OrderNotice {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
