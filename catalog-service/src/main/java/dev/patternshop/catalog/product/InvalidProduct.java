package dev.patternshop.catalog.product;

import dev.patternshop.servicedefaults.InvalidRequest;

/** A product command or query broke a rule: names the field and the rule, so the client can fix its request. */
public class InvalidProduct extends InvalidRequest {

    public InvalidProduct(String field, String rule) {
        super(field, rule);
    }
}
