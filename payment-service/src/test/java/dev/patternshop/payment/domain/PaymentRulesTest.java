package dev.patternshop.payment.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PaymentRulesTest {

    private final PaymentRules rules = new PaymentRules(1_000_000, 20);

    @Test
    void aSaneAuthorizeBreaksNoRule() {
        assertThat(rules.violation("4711", "customer-1", 2599, "EUR")).isEmpty();
        assertThat(rules.violation("4711", "customer-1", 1_000_000, "USD")).isEmpty();
    }

    @Test
    void amountsOutsideOneToTheLimitAreRefused() {
        assertThat(rules.violation("4711", "c", 0, "EUR")).isPresent();
        assertThat(rules.violation("4711", "c", -5, "EUR")).isPresent();
        assertThat(rules.violation("4711", "c", 1_000_001, "EUR")).isPresent();
    }

    @Test
    void onlyIsoCurrencyCodesInUpperCaseAreAccepted() {
        assertThat(rules.violation("4711", "c", 1, "eur")).isPresent();
        assertThat(rules.violation("4711", "c", 1, "EU")).isPresent();
        assertThat(rules.violation("4711", "c", 1, "XYZ")).isPresent();
        assertThat(rules.violation("4711", "c", 1, null)).isPresent();
    }

    @Test
    void unusableOrderAndCustomerIdsAreRefused() {
        assertThat(rules.violation("47 11", "c", 1, "EUR")).isPresent();
        assertThat(rules.violation("x".repeat(65), "c", 1, "EUR")).isPresent();
        assertThat(rules.violation(null, "c", 1, "EUR")).isPresent();
        assertThat(rules.violation("4711", "", 1, "EUR")).isPresent();
        assertThat(rules.violation("4711", "c\u0000", 1, "EUR")).isPresent();
        assertThat(rules.violation("4711", "c".repeat(21), 1, "EUR")).isPresent();
    }

    @Test
    void reasonsAreShortPrintableCodesOrNone() {
        assertThat(PaymentRules.isReason(null)).isTrue();
        assertThat(PaymentRules.isReason("STOCK_RELEASED")).isTrue();
        assertThat(PaymentRules.isReason("x".repeat(65))).isFalse();
        assertThat(PaymentRules.isReason("a\nb")).isFalse();
    }
}
