package dev.patternshop.catalog.product.web;

import dev.patternshop.catalog.product.InvalidProduct;
import dev.patternshop.catalog.product.Money;
import dev.patternshop.catalog.product.ProductDraft;
import java.util.Map;

/** The body of an admin create or replace. {@code version} is required on replace (optimistic locking). */
public record ProductRequest(
        String sku,
        String name,
        String description,
        String category,
        Price price,
        Map<String, String> attributes,
        String imageUrl,
        Long version) {

    public record Price(Long amountMinor, String currency) {}

    ProductDraft toDraft() {
        if (price == null || price.amountMinor() == null) {
            throw new InvalidProduct("price.amountMinor", "is required");
        }
        return new ProductDraft(
                sku,
                name,
                description,
                category,
                new Money(price.amountMinor(), price.currency()),
                attributes,
                imageUrl);
    }

    long requiredVersion() {
        if (version == null || version < 0) {
            throw new InvalidProduct("version", "is required: send the version you read");
        }
        return version;
    }
}
