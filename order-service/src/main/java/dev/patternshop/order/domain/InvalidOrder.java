package dev.patternshop.order.domain;

import dev.patternshop.servicedefaults.InvalidRequest;

/** An order request that breaks a rule; {@link #field()} says which part. Nothing has been written. */
public class InvalidOrder extends InvalidRequest {

    public InvalidOrder(String field, String rule) {
        super(field, rule);
    }
}
