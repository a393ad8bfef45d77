package dev.patternshop.events.order.v1;

import java.time.Instant;
import java.util.UUID;

/**
 * The order is CONFIRMED: its stock is committed and its payment authorized. Final: nothing follows it for this
 * order.
 */
public record OrderConfirmed(
        UUID eventId, String orderId, String customerId, long totalMinor, String currency, Instant confirmedAt) {

    public static final String TYPE = "OrderConfirmed.v1";
}
