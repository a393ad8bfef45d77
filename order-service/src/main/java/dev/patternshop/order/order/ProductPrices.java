package dev.patternshop.order.order;

import java.util.Optional;

/** Where an order's prices come from (the catalog). Never from the client's request. */
public interface ProductPrices {

    /** The product as it sells now, or empty when the catalog has no such product. */
    Optional<PricedProduct> find(long productId);

    record PricedProduct(long productId, String sku, String name, long unitPriceMinor, String currency) {
    }
}
