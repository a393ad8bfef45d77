package dev.patternshop.events.payment.v1;

/** The authorization was released; nothing is charged. */
public record PaymentVoided(String orderId, String paymentId, String reason) {

    public static final String TYPE = "PaymentVoided.v1";
}
