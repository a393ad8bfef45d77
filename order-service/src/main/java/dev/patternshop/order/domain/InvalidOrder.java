package dev.patternshop.order.domain;

/** A request that breaks a rule; {@link #field()} says which part. Nothing has been written. */
public class InvalidOrder extends RuntimeException {

    private final String field;

    public InvalidOrder(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
