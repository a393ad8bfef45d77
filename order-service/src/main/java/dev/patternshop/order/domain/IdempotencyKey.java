package dev.patternshop.order.domain;

import java.util.regex.Pattern;

/**
 * The client's name for one intended order ({@code Idempotency-Key} header): a retry with the same key and the
 * same request gets the first answer again instead of a second order. Keys are per customer; a UUID is the
 * usual choice.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");

    public IdempotencyKey {
        if (value == null || value.isBlank()) {
            throw new InvalidOrder(HEADER, "is required: send a new UUID for every order you intend to place");
        }
        if (!FORMAT.matcher(value).matches()) {
            throw new InvalidOrder(HEADER, "must be 1 to 128 characters of A-Z, a-z, 0-9, '_', '.', ':' or '-'");
        }
    }
}
