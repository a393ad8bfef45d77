package dev.patternshop.events.payment.v1;

/** The provider authorized the amount; {@code paymentId} is ours, {@code providerReference} the provider's. */
public record PaymentAuthorized(
        String orderId, String paymentId, long amountMinor, String currency, String providerReference) {

    public static final String TYPE = "PaymentAuthorized.v1";
}
