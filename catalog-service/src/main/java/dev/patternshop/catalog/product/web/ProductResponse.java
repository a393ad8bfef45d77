package dev.patternshop.catalog.product.web;

import dev.patternshop.catalog.product.Product;
import java.time.Instant;
import java.util.Map;

/** A product as the API shows it. */
public record ProductResponse(
        long id,
        String sku,
        String name,
        String description,
        String category,
        Price price,
        Map<String, String> attributes,
        String imageUrl,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    public record Price(long amountMinor, String currency) {}

    static ProductResponse of(Product product) {
        return new ProductResponse(
                product.id(),
                product.sku(),
                product.name(),
                product.description(),
                product.category(),
                new Price(product.price().amountMinor(), product.price().currency()),
                product.attributes(),
                product.imageUrl(),
                product.createdAt(),
                product.updatedAt(),
                product.version());
    }
}
