package dev.patternshop.order.domain;

import java.util.List;

/** Items name products the catalog does not have. Nothing has been written. */
public class UnknownProducts extends RuntimeException {

    private final List<Long> productIds;

    public UnknownProducts(List<Long> productIds) {
        super("unknown product" + (productIds.size() == 1 ? " " : "s ") + productIds);
        this.productIds = List.copyOf(productIds);
    }

    public List<Long> productIds() {
        return productIds;
    }
}
