package dev.patternshop.payment.domain;

import java.util.Currency;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a command must be before a payment is initiated or the provider called. A broken rule is answered with a
 * rejection (PaymentCommandRejected INVALID_REQUEST), never an exception that would send the message round again.
 *
 * @param maxAmountMinor the largest amount one payment may authorize, in minor units
 * @param maxCustomerIdLength the longest customer id (the token subject order-service stores)
 */
public record PaymentRules(long maxAmountMinor, int maxCustomerIdLength) {

    /** Order ids are the order's 64-bit id as a decimal string; letters, '-' and '_' are let through for tests. */
    private static final Pattern ORDER_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final int MAX_REASON_LENGTH = 64;

    public PaymentRules {
        if (maxAmountMinor < 1 || maxCustomerIdLength < 1) {
            throw new IllegalArgumentException("a payment allows at least one minor unit and a one-character customer");
        }
    }

    public static boolean isOrderId(String orderId) {
        return orderId != null && ORDER_ID.matcher(orderId).matches();
    }

    /** A void's or refund's reason is stored and repeated: a short printable code, or none. */
    public static boolean isReason(String reason) {
        return reason == null || (reason.length() <= MAX_REASON_LENGTH && printable(reason));
    }

    /** An ISO 4217 code Java knows (EUR, USD, ...), upper case. */
    public static boolean isCurrency(String currency) {
        if (currency == null || !CURRENCY.matcher(currency).matches()) {
            return false;
        }
        try {
            Currency.getInstance(currency);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public boolean isCustomerId(String customerId) {
        return customerId != null
                && !customerId.isEmpty()
                && customerId.length() <= maxCustomerIdLength
                && printable(customerId);
    }

    /** The first broken rule of an authorize, in words, or empty when the provider may be asked. */
    public Optional<String> violation(String orderId, String customerId, long amountMinor, String currency) {
        if (!isOrderId(orderId)) {
            return Optional.of("the order id must be 1 to 64 letters, digits, '-' or '_'");
        }
        if (!isCustomerId(customerId)) {
            return Optional.of("the customer id must be 1 to " + maxCustomerIdLength + " printable characters");
        }
        if (amountMinor < 1 || amountMinor > maxAmountMinor) {
            return Optional.of("the amount must be between 1 and " + maxAmountMinor + " minor units");
        }
        if (!isCurrency(currency)) {
            return Optional.of("the currency must be an ISO 4217 code");
        }
        return Optional.empty();
    }

    private static boolean printable(String text) {
        return text.chars().noneMatch(Character::isISOControl);
    }
}
