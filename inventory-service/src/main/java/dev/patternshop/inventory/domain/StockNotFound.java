package dev.patternshop.inventory.domain;

/** No stock is kept for the product: the catalog has no such product, or it was never stocked. */
public class StockNotFound extends RuntimeException {

    public StockNotFound(long productId) {
        super("No stock is kept for product " + productId + ".");
    }
}
