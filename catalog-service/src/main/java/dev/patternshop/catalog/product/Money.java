package dev.patternshop.catalog.product;

import java.util.Currency;

/** An amount in minor units (cents) of an ISO 4217 currency. Never a float. */
public record Money(long amountMinor, String currency) {

    /**
     * The largest price: 1,000,000,000.00 in a two-decimal currency. Far above any real product, and small
     * enough that an order's total (price x quantity, summed over its lines) can never overflow a long.
     */
    public static final long MAX_AMOUNT_MINOR = 100_000_000_000L;

    public Money {
        if (amountMinor < 0) {
            throw new InvalidProduct("price.amountMinor", "must not be negative");
        }
        if (amountMinor > MAX_AMOUNT_MINOR) {
            throw new InvalidProduct("price.amountMinor", "must be at most " + MAX_AMOUNT_MINOR);
        }
        if (currency == null || !currency.matches("[A-Z]{3}") || !isIsoCurrency(currency)) {
            throw new InvalidProduct("price.currency", "must be an ISO 4217 code such as EUR");
        }
    }

    private static boolean isIsoCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
