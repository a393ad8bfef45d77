package dev.patternshop.inventory.domain;

/** Optimistic locking: the stock changed since the admin read it (a reservation, another admin); read and retry. */
public class StockVersionConflict extends RuntimeException {

    public StockVersionConflict(long productId, long expectedVersion) {
        super("The stock of product " + productId + " is no longer at version " + expectedVersion
                + "; read it again and retry.");
    }
}
