package dev.patternshop.order.domain;

/** One priced line: the price is the catalog's at the time of the order, never the client's. */
public record OrderLine(long productId, String sku, String name, long unitPriceMinor, int quantity) {

    public long totalMinor() {
        return Math.multiplyExact(unitPriceMinor, (long) quantity);
    }
}
