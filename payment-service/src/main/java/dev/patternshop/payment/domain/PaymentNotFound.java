package dev.patternshop.payment.domain;

/** No such payment for this caller: someone else's payment is "not found" too, so ids reveal nothing. */
public class PaymentNotFound extends RuntimeException {

    public PaymentNotFound() {
        super("No such payment.");
    }
}
