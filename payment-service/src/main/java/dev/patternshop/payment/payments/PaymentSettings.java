package dev.patternshop.payment.payments;

import dev.patternshop.payment.domain.PaymentRules;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Payments ({@code payment.payments.*} in application.yml).
 *
 * @param maxAmountMinor      the largest amount one AuthorizePayment may ask for, in minor units; more is rejected
 *                            (INVALID_REQUEST) without calling the provider
 * @param maxCustomerIdLength the longest customer id accepted (order-service's orders.placement.max-customer-id-length
 *                            must stay at or below it)
 */
@Validated
@ConfigurationProperties("payment.payments")
public record PaymentSettings(
        @Min(1) @Max(1_000_000_000_000L) @DefaultValue("100000000")
        long maxAmountMinor,

        @Min(1) @Max(200) @DefaultValue("200") int maxCustomerIdLength) {

    public PaymentRules rules() {
        return new PaymentRules(maxAmountMinor, maxCustomerIdLength);
    }
}
