package dev.patternshop.inventory.domain;

import java.time.Instant;

/**
 * One product's stock: {@code available} can be reserved, {@code reserved} is held for orders until they commit (the
 * units leave) or release (they return). Neither is ever negative (the database checks it too); {@code version} grows
 * with every change.
 */
public record Stock(long productId, int available, int reserved, long version, Instant updatedAt) {

    public Stock {
        if (productId < 1) {
            throw new IllegalArgumentException("a product id is positive");
        }
        if (available < 0 || reserved < 0) {
            throw new IllegalArgumentException("stock is never negative");
        }
    }

    /** Whether {@code quantity} units can be reserved now. */
    public boolean canReserve(int quantity) {
        return quantity <= available;
    }

    /** The strong validator of this state, for HTTP caching: it changes exactly when the version does. */
    public String etag() {
        return "\"" + productId + "-" + version + "\"";
    }
}
