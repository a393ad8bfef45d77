package dev.patternshop.catalog.product;

/** A product command broke a rule: names the field and the rule, so the client can fix its request. */
public class InvalidProduct extends RuntimeException {

    private final String field;

    public InvalidProduct(String field, String rule) {
        super(field + " " + rule);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
