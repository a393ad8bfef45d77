package dev.patternshop.payment.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.patternshop.events.payment.v1.PaymentDeclined;
import dev.patternshop.events.payment.v1.PaymentFailed;
import dev.patternshop.payment.domain.PaymentId;
import dev.patternshop.payment.domain.PaymentProvider.Authorize;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer.Approved;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer.Declined;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer.Unavailable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderTranslatorTest {

    private final ProviderTranslator translator = new ProviderTranslator();

    @ParameterizedTest
    @CsvSource({
        "1, EUR, 0.01",
        "10, EUR, 0.10",
        "100, USD, 1.00",
        "123456, EUR, 1234.56",
        "9223372036854775807, EUR, 92233720368547758.07",
        "500, JPY, 500",
        "1, BHD, 0.001"
    })
    void minorUnitsBecomeTheExactDecimalStringAndBack(long minor, String currency, String decimal) {
        assertThat(ProviderTranslator.decimal(minor, currency)).isEqualTo(decimal);
        assertThat(ProviderTranslator.minorUnits(decimal, currency)).isEqualTo(minor);
    }

    @Test
    void aZeroOrNegativeAmountIsRefused() {
        assertThatThrownBy(() -> ProviderTranslator.decimal(0, "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProviderTranslator.decimal(-1, "EUR")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProviderTranslator.minorUnits("-0.01", "EUR"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAmountBeyondALongOfMinorUnitsIsRefusedNotRounded() {
        assertThatThrownBy(() -> ProviderTranslator.minorUnits("92233720368547758.08", "EUR"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProviderTranslator.minorUnits("1.005", "EUR"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProviderTranslator.minorUnits("12.5", "JPY"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProviderTranslator.minorUnits("twelve", "EUR"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownOrLowerCaseCurrencyIsRefused() {
        assertThatThrownBy(() -> ProviderTranslator.decimal(1, "XYZ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProviderTranslator.decimal(1, "eur")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProviderTranslator.decimal(1, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAuthorizationIsWrittenInTheProvidersNames() {
        PaymentId payment = PaymentId.forOrder("42");
        var request = translator.authorization(
                new Authorize(payment, payment.idempotencyKey("authorize"), "customer-7", 1999, "EUR"));

        assertThat(request)
                .isEqualTo(new ProviderApi.AuthorizationRequest(payment.toString(), "customer-7", "19.99", "EUR"));
    }

    @Test
    void doneWordsAreApprovedWithTheProvidersId() {
        assertThat(translator.answer(new ProviderApi.Answer("auth_1", "APPROVED", null)))
                .isEqualTo(new Approved("auth_1"));
        assertThat(translator.answer(new ProviderApi.Answer("void_1", "VOIDED", null)))
                .isEqualTo(new Approved("void_1"));
        assertThat(translator.answer(new ProviderApi.Answer("refund_1", "REFUNDED", null)))
                .isEqualTo(new Approved("refund_1"));
    }

    @ParameterizedTest
    @CsvSource({
        "insufficient_funds, " + PaymentDeclined.INSUFFICIENT_FUNDS,
        "do_not_honor, " + PaymentDeclined.CARD_DECLINED,
        "card_expired, " + PaymentDeclined.CARD_DECLINED,
        "suspected_fraud, " + PaymentDeclined.FRAUD_SUSPECTED,
        "stolen_card, " + PaymentDeclined.FRAUD_SUSPECTED,
        "a_code_we_never_saw, " + PaymentDeclined.CARD_DECLINED
    })
    void refusalCodesBecomeOurDeclineReasons(String refusalCode, String reason) {
        assertThat(translator.answer(new ProviderApi.Answer("auth_1", "REFUSED", refusalCode)))
                .isEqualTo(new Declined(reason));
    }

    @Test
    void anUnknownStatusWordOrAnApprovalWithoutIdIsUnavailableAndNotRetryable() {
        Unavailable unknown = new Unavailable(PaymentFailed.PROVIDER_UNAVAILABLE, false);
        assertThat(translator.answer(new ProviderApi.Answer("auth_1", "PENDING_REVIEW", null)))
                .isEqualTo(unknown);
        assertThat(translator.answer(new ProviderApi.Answer(null, "APPROVED", null)))
                .isEqualTo(unknown);
        assertThat(translator.answer(new ProviderApi.Answer("auth_1", null, null)))
                .isEqualTo(unknown);
        assertThat(translator.answer(null)).isEqualTo(unknown);
    }
}
