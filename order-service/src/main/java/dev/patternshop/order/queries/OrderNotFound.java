package dev.patternshop.order.queries;

/** No such order for this caller: someone else's order is "not found" too, so ids reveal nothing. */
public class OrderNotFound extends RuntimeException {

    public OrderNotFound(String id) {
        super("order " + id + " not found");
    }
}
