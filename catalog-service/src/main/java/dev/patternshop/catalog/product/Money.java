package dev.patternshop.catalog.product;

import java.util.Currency;

/** An amount in minor units (cents) of an ISO 4217 currency. Never a float. */
public record Money(long amountMinor, String currency) {

    public Money {
        if (amountMinor < 0) {
            throw new InvalidProduct("price.amountMinor", "must not be negative");
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
