package dev.patternshop.events.payment.v1;

/** Authorize (hold) the order's total on the customer's payment method; one payment per order. */
public record AuthorizePayment(String orderId, String customerId, long amountMinor, String currency) {

    public static final String TYPE = "AuthorizePayment.v1";
}
