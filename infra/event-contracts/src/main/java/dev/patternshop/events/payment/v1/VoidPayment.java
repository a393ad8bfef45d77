package dev.patternshop.events.payment.v1;

/** Release the order's authorization without charging (the saga's compensation after authorization). */
public record VoidPayment(String orderId, String reason) {

    public static final String TYPE = "VoidPayment.v1";
}
