package dev.patternshop.events.payment.v1;

/**
 * No answer could be had from the provider. {@code retryable}: the same command may succeed later (provider down,
 * timing out, busy: the bulkhead was full, or its breaker open); false: it never will (the provider rejected the
 * request as malformed). Nothing was charged that a later retry could charge again: the idempotency key holds.
 */
public record PaymentFailed(String orderId, String paymentId, String reason, boolean retryable) {

    public static final String TYPE = "PaymentFailed.v1";
    public static final String PROVIDER_UNAVAILABLE = "PROVIDER_UNAVAILABLE";
    public static final String PROVIDER_BUSY = "PROVIDER_BUSY";
    public static final String PROVIDER_REJECTED_REQUEST = "PROVIDER_REJECTED_REQUEST";
}
