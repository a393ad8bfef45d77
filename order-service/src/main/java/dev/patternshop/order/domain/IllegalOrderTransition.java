package dev.patternshop.order.domain;

/**
 * A transition the order's current status does not allow (confirming a cancelled order, say). Nothing changed:
 * the caller asked for something that cannot happen, which for the saga means a duplicate or out-of-order reply.
 */
public class IllegalOrderTransition extends IllegalStateException {

    private final OrderId orderId;
    private final OrderStatus status;
    private final String transition;

    public IllegalOrderTransition(OrderId orderId, OrderStatus status, String transition) {
        super("order " + orderId + " is " + status + ": it cannot " + transition);
        this.orderId = orderId;
        this.status = status;
        this.transition = transition;
    }

    public OrderId orderId() {
        return orderId;
    }

    public OrderStatus status() {
        return status;
    }

    public String transition() {
        return transition;
    }
}
