package dev.patternshop.events.order.v1;

import java.time.Instant;
import java.util.UUID;

/** The order's stock is reserved; it is now AWAITING_PAYMENT and the saga asked payment to authorize its total. */
public record PaymentRequested(UUID eventId, String orderId, String customerId, Instant occurredAt) {

    public static final String TYPE = "PaymentRequested.v1";
}
