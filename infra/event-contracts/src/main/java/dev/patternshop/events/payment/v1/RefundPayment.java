package dev.patternshop.events.payment.v1;

/** Give the order's authorized amount back (after it was captured, or as the provider requires). */
public record RefundPayment(String orderId, String reason) {

    public static final String TYPE = "RefundPayment.v1";
}
