package dev.patternshop.payment.provider;

import dev.patternshop.events.payment.v1.PaymentDeclined;
import dev.patternshop.events.payment.v1.PaymentFailed;
import dev.patternshop.payment.domain.PaymentProvider.Authorize;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer.Approved;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer.Declined;
import dev.patternshop.payment.domain.PaymentProvider.ProviderAnswer.Unavailable;
import dev.patternshop.payment.domain.PaymentProvider.Refund;
import dev.patternshop.payment.domain.PaymentProvider.VoidAuthorization;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;

/**
 * Ours to theirs and back, in one place. Amounts: our minor units (a {@code long}) become the provider's decimal
 * string with the currency's ISO 4217 digits (EUR 1 -> "0.01", EUR 123456 -> "1234.56", JPY 500 -> "500"), exactly,
 * and back; a zero or negative amount, an unknown currency or a string that does not fit a {@code long} of minor
 * units is refused ({@link IllegalArgumentException}), never rounded. Status words: {@code APPROVED},
 * {@code VOIDED}, {@code REFUNDED} are done ({@link Approved}); {@code REFUSED} is {@link Declined} with its
 * refusal code in our words (an unknown code is a {@code CARD_DECLINED}: a refusal stays a refusal); any other word
 * means we cannot tell what happened: {@link Unavailable} {@code PROVIDER_UNAVAILABLE}, not retryable (the same
 * key would get the same word).
 */
final class ProviderTranslator {

    private static final Map<String, String> REFUSALS = Map.of(
            "insufficient_funds", PaymentDeclined.INSUFFICIENT_FUNDS,
            "do_not_honor", PaymentDeclined.CARD_DECLINED,
            "card_expired", PaymentDeclined.CARD_DECLINED,
            "suspected_fraud", PaymentDeclined.FRAUD_SUSPECTED,
            "stolen_card", PaymentDeclined.FRAUD_SUSPECTED);

    ProviderApi.AuthorizationRequest authorization(Authorize request) {
        return new ProviderApi.AuthorizationRequest(
                request.paymentId().toString(),
                request.customerId(),
                decimal(request.amountMinor(), request.currency()),
                currency(request.currency()).getCurrencyCode());
    }

    ProviderApi.VoidRequest voiding(VoidAuthorization request) {
        return new ProviderApi.VoidRequest(request.paymentId().toString());
    }

    ProviderApi.RefundRequest refund(Refund request) {
        return new ProviderApi.RefundRequest(
                request.paymentId().toString(),
                request.providerReference(),
                decimal(request.amountMinor(), request.currency()),
                currency(request.currency()).getCurrencyCode());
    }

    ProviderAnswer answer(ProviderApi.Answer answer) {
        if (answer == null || answer.status() == null) {
            return new Unavailable(PaymentFailed.PROVIDER_UNAVAILABLE, false);
        }
        return switch (answer.status()) {
            case "APPROVED", "VOIDED", "REFUNDED" ->
                answer.id() == null || answer.id().isBlank()
                        ? new Unavailable(PaymentFailed.PROVIDER_UNAVAILABLE, false)
                        : new Approved(answer.id());
            case "REFUSED" ->
                new Declined(REFUSALS.getOrDefault(
                        answer.refusalCode() == null ? "" : answer.refusalCode(), PaymentDeclined.CARD_DECLINED));
            default -> new Unavailable(PaymentFailed.PROVIDER_UNAVAILABLE, false);
        };
    }

    /** Minor units as the provider's decimal string: exact, with the currency's digits. */
    static String decimal(long amountMinor, String currencyCode) {
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("an amount must be positive, was " + amountMinor);
        }
        return BigDecimal.valueOf(amountMinor, digits(currencyCode)).toPlainString();
    }

    /** The provider's decimal string as minor units: exact, or refused. */
    static long minorUnits(String decimal, String currencyCode) {
        try {
            BigDecimal amount = new BigDecimal(decimal);
            if (amount.signum() <= 0) {
                throw new IllegalArgumentException("an amount must be positive, was " + decimal);
            }
            return amount.movePointRight(digits(currencyCode)).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(
                    "not an exact amount of " + currencyCode + " in minor units: " + decimal, e);
        }
    }

    private static int digits(String currencyCode) {
        int digits = currency(currencyCode).getDefaultFractionDigits();
        if (digits < 0) {
            throw new IllegalArgumentException("not a currency with minor units: " + currencyCode);
        }
        return digits;
    }

    private static Currency currency(String code) {
        if (code == null || !code.equals(code.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not an ISO 4217 currency code: " + code);
        }
        return Currency.getInstance(code);
    }
}
