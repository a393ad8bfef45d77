package dev.patternshop.events.payment.v1;

/** The amount was given back to the customer. */
public record PaymentRefunded(String orderId, String paymentId, long amountMinor, String currency, String reason) {

    public static final String TYPE = "PaymentRefunded.v1";
}
