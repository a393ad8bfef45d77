package dev.patternshop.notification.webhook;

import dev.patternshop.notification.notice.OrderNotice;
import java.time.Instant;
import java.util.UUID;

/**
 * The JSON body of a delivery: {@code {deliveryId, eventId, type, occurredAt, order: {id, status, reason}}}. The
 * receiver dedupes on {@code deliveryId} (also in the {@code Patternshop-Delivery} header).
 */
record WebhookPayload(UUID deliveryId, UUID eventId, String type, Instant occurredAt, Order order) {

    /** The order as the customer sees it; {@code reason} only for a cancellation. */
    record Order(String id, String status, String reason) {}

    static WebhookPayload of(UUID deliveryId, OrderNotice notice) {
        return new WebhookPayload(
                deliveryId,
                notice.eventId(),
                notice.type(),
                notice.occurredAt(),
                new Order(notice.orderId(), notice.status(), notice.reason()));
    }
}
