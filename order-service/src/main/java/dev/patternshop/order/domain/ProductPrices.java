package dev.patternshop.order.domain;

import java.util.Collection;
import java.util.Map;

/** Where an order's prices come from (the catalog). Never from the client's request. */
public interface ProductPrices {

    /**
     * The products as they sell now, by id; an id the catalog does not know is absent from the answer.
     *
     * @throws PricingUnavailable when the catalog cannot answer for all of them in time
     */
    Map<Long, PricedProduct> findAll(Collection<Long> productIds);

    record PricedProduct(long productId, String sku, String name, long unitPriceMinor, String currency) {}
}
