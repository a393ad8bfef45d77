package dev.patternshop.events.inventory.v1;

/**
 * A product's stock changed (reserved, released, committed, adjusted by an admin). Keyed by the product id;
 * {@code version} grows with every change, so a reader keeps the newest.
 */
public record StockChanged(long productId, int available, int reserved, long version) {

    public static final String TYPE = "StockChanged.v1";
}
