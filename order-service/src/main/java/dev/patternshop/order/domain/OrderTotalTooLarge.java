package dev.patternshop.order.domain;

/**
 * A line total (price x quantity) or the order total does not fit the amounts an order can hold (a signed 64-bit
 * count of minor units). The request is well-formed, the catalog's prices make it impossible: nothing is written.
 */
public class OrderTotalTooLarge extends InvalidOrder {

    public OrderTotalTooLarge(String field) {
        super(field, "makes the order total exceed " + Long.MAX_VALUE + " minor units; order fewer");
    }
}
