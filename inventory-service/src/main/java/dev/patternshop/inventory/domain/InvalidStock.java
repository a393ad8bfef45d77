package dev.patternshop.inventory.domain;

import dev.patternshop.servicedefaults.InvalidRequest;

/** A stock request that breaks a rule; {@link #field()} says which part. Nothing has been written. */
public class InvalidStock extends InvalidRequest {

    public InvalidStock(String field, String rule) {
        super(field, rule);
    }
}
