package dev.patternshop.order.queries;

/** No such order for this caller: someone else's order is "not found" too, so ids reveal nothing. */
public class OrderNotFound extends RuntimeException {

    /** The id is named only when it is one (decimal, short): the raw path segment is never echoed back. */
    public OrderNotFound(String id) {
        super(id != null && id.matches("[0-9]{1,19}") ? "order " + id + " not found" : "no such order");
    }
}
