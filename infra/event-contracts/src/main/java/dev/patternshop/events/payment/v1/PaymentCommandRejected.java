package dev.patternshop.events.payment.v1;

/**
 * A command that cannot apply: invalid (amount not positive or too large, unknown currency), no payment for the
 * order (void or refund), or a payment in a state that forbids it (void after refund). Nothing changed and the
 * provider was not called. {@code command} is the rejected command's type.
 */
public record PaymentCommandRejected(String orderId, String command, String reason) {

    public static final String TYPE = "PaymentCommandRejected.v1";
    public static final String INVALID_REQUEST = "INVALID_REQUEST";
    public static final String UNKNOWN_PAYMENT = "UNKNOWN_PAYMENT";
    public static final String ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION";
}
