package dev.patternshop.payment.domain;

/** An event that cannot follow the payment's current state (a void after a refund, an authorization twice). */
public class IllegalPaymentTransition extends RuntimeException {

    public IllegalPaymentTransition(PaymentStatus from, String event) {
        super("A " + from + " payment cannot record " + event + ".");
    }

    public IllegalPaymentTransition(String message) {
        super(message);
    }
}
