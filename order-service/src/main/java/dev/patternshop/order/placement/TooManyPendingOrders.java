package dev.patternshop.order.placement;

/** The customer already has as many pending orders as one may have; nothing has been written. */
public class TooManyPendingOrders extends RuntimeException {

    private final int maxPending;

    public TooManyPendingOrders(int maxPending) {
        super("a customer may have at most " + maxPending
                + " pending orders; wait until one completes, then order again");
        this.maxPending = maxPending;
    }

    public int maxPending() {
        return maxPending;
    }
}
