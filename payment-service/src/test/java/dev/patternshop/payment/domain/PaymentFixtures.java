package dev.patternshop.payment.domain;

import java.time.Instant;

/** Payments in the states the tests start from, reached through the domain's own transitions. */
final class PaymentFixtures {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    static final String ORDER = "4711";

    private PaymentFixtures() {}

    static Payment initiated() {
        return Payment.initiate(ORDER, "customer-1", 2599, "EUR", T0);
    }

    static Payment authorized() {
        Payment payment = initiated();
        payment.authorized("prov-1", T0.plusSeconds(1));
        return payment;
    }

    static Payment declined() {
        Payment payment = initiated();
        payment.declined("CARD_DECLINED", T0.plusSeconds(1));
        return payment;
    }

    static Payment failed(boolean retryable) {
        Payment payment = initiated();
        payment.failed("PROVIDER_UNAVAILABLE", retryable, T0.plusSeconds(1));
        return payment;
    }

    static Payment voided() {
        Payment payment = authorized();
        payment.voided("STOCK_RELEASED", "prov-void-1", T0.plusSeconds(2));
        return payment;
    }

    static Payment refunded() {
        Payment payment = authorized();
        payment.refunded("RETURNED", "prov-refund-1", T0.plusSeconds(2));
        return payment;
    }
}
