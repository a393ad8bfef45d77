package dev.patternshop.events.order.v1;

import java.time.Instant;
import java.util.UUID;

/**
 * The checkout saga started: the order (now AWAITING_STOCK) asked inventory to reserve its lines. Published on
 * {@link dev.patternshop.events.Topics#ORDER_EVENTS}, keyed by the order id, in the same commit as the ReserveStock
 * command itself.
 */
public record StockRequested(UUID eventId, String orderId, String customerId, Instant occurredAt) {

    public static final String TYPE = "StockRequested.v1";
}
