package dev.patternshop.events.payment.v1;

/** The provider refused the payment (final: sending the command again gets the same answer). */
public record PaymentDeclined(String orderId, String paymentId, String reason) {

    public static final String TYPE = "PaymentDeclined.v1";
    public static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";
    public static final String CARD_DECLINED = "CARD_DECLINED";
    public static final String FRAUD_SUSPECTED = "FRAUD_SUSPECTED";
}
