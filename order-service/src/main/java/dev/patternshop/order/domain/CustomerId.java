package dev.patternshop.order.domain;

import dev.patternshop.servicedefaults.ControlCharacters;

/**
 * The customer: the token's subject, also the shard key, stored and indexed with every order. Checked before any
 * database sees it: Postgres refuses NUL in text (a 500 otherwise), and a btree index entry holds about 2.7 kB.
 */
public final class CustomerId {

    public static final String FIELD = "token subject";

    private CustomerId() {}

    /** The subject if it can name a customer; otherwise a 400 that says why. */
    public static String check(String subject, int maxLength) {
        if (subject == null || subject.isEmpty()) {
            throw new InvalidOrder(FIELD, "is required: the customer is the token's subject");
        }
        if (subject.length() > maxLength) {
            throw new InvalidOrder(FIELD, "must be at most " + maxLength + " characters");
        }
        if (ControlCharacters.contains(subject, true)) {
            throw new InvalidOrder(FIELD, ControlCharacters.RULE);
        }
        return subject;
    }
}
