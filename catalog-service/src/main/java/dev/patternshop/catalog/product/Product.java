package dev.patternshop.catalog.product;

import java.time.Instant;
import java.util.Map;

/** A product as stored: the draft's fields plus identity, timestamps and the optimistic-locking version. */
public record Product(
        long id,
        String sku,
        String name,
        String description,
        String category,
        Money price,
        Map<String, String> attributes,
        String imageUrl,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    /** The strong validator of this representation: it changes exactly when the version does. */
    public String etag() {
        return "\"" + id + "-" + version + "\"";
    }
}
