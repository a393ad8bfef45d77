package dev.patternshop.notification.live;

import java.time.Instant;
import java.util.UUID;

/**
 * One line of a customer's event log: an order notice with its number in the customer's stream.
 *
 * @param seq the SSE event id: 1, 2, 3, ... per customer, in commit order (see V1__customer_events.sql)
 */
record CustomerEvent(
        long seq,
        UUID eventId,
        String customerId,
        String orderId,
        String type,
        String status,
        String reason,
        Instant occurredAt) {

    /** What the client reads as {@code data:}: the order, its status and why, and when it happened. */
    record Data(String orderId, String status, String reason, Instant occurredAt) {}

    Data data() {
        return new Data(orderId, status, reason, occurredAt);
    }
}
