package dev.patternshop.payment.domain;

/**
 * What a void or refund would do to a payment, asked before the provider is called: {@code APPLY} (call the
 * provider, then record), {@code REPEATED} (done already: answer as before, call nobody), {@code REFUSED} (illegal
 * from here: reject, call nobody).
 */
public enum Step {
    APPLY,
    REPEATED,
    REFUSED
}
