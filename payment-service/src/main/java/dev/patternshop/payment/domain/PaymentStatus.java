package dev.patternshop.payment.domain;

/**
 * Where a payment stands. There is no CAPTURED: in this design an authorization is the end of the checkout (the
 * capture would be the shop's business at shipping, outside the saga), so a refund follows an authorization.
 */
public enum PaymentStatus {
    /** Recorded, the provider not yet asked (or the first attempt is under way). */
    INITIATED,
    AUTHORIZED,
    /** The provider said no: final. */
    DECLINED,
    /** No answer could be had; {@link Payment#retryable()} says whether another attempt may succeed. */
    FAILED,
    VOIDED,
    REFUNDED
}
