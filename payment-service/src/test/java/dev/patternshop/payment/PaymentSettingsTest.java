package dev.patternshop.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.patternshop.payment.messaging.PaymentOutboxSettings;
import dev.patternshop.payment.payments.PaymentSettings;
import dev.patternshop.testsupport.settings.ApplicationSettings;
import dev.patternshop.testsupport.settings.ServiceSettingsContract;
import org.junit.jupiter.api.Test;

/** The payment's settings records bind from its real application.yml, and refuse a value that cannot work. */
class PaymentSettingsTest extends ServiceSettingsContract {

    @Override
    protected String servicePackage() {
        return "dev.patternshop.payment";
    }

    /** The runtime supplies the broker; this stands in for it. */
    @Override
    protected ApplicationSettings configuration() {
        return super.configuration().with("spring.kafka.bootstrap-servers", "127.0.0.1:9092");
    }

    @Test
    void thePaymentsOwnRecordsAreAmongThem() {
        assertThat(configuration().bindAll(servicePackage()))
                .hasAtLeastOneElementOfType(PaymentSettings.class)
                .hasAtLeastOneElementOfType(PaymentOutboxSettings.class);
        PaymentSettings payments = configuration().bind(PaymentSettings.class);
        assertThat(payments.maxAmountMinor()).isEqualTo(100_000_000L);
        assertThat(payments.maxCustomerIdLength()).isEqualTo(200);
    }

    @Test
    void aMaximumAmountOfNothingIsRefused() {
        assertRefused(PaymentSettings.class, "payment.payments.max-amount-minor", "0", "maxAmountMinor");
    }

    @Test
    void aCustomerIdLongerThanTheColumnIsRefused() {
        assertRefused(PaymentSettings.class, "payment.payments.max-customer-id-length", "201", "maxCustomerIdLength");
    }

    @Test
    void anOutboxLeaseTooShortToHeartbeatIsRefused() {
        assertRefused(PaymentOutboxSettings.class, "payment.outbox.lease", "100ms", "lease");
    }
}
