package dev.patternshop.catalog;

import dev.patternshop.catalog.product.Money;
import dev.patternshop.catalog.product.Product;
import java.time.Instant;
import java.util.Map;

/** Products as stored, for tests that need one without a database. */
public final class ProductFixtures {

    private ProductFixtures() {}

    /** Product {@code id} at {@code version}: 1.00 EUR, category "test-fixtures", nothing else set. */
    public static Product product(long id, long version) {
        return new Product(
                id,
                "X-" + id,
                "Fixture " + id + " v" + version,
                "",
                "test-fixtures",
                new Money(100, "EUR"),
                Map.of(),
                null,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"),
                version);
    }
}
