package dev.patternshop.catalog.product.web;

import dev.patternshop.catalog.product.InvalidProduct;
import dev.patternshop.catalog.product.ReadConsistency;

/**
 * Read-your-writes over HTTP: every write answers {@value #HEADER} (the primary's log position after the
 * commit); a read that sends it back is served only by a database that has replayed that far.
 */
final class ConsistencyToken {

    static final String HEADER = "Consistency-Token";

    private ConsistencyToken() {
    }

    static ReadConsistency parse(String header) {
        if (header == null || header.isBlank()) {
            return ReadConsistency.ANY;
        }
        try {
            return ReadConsistency.atLeast(Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            throw new InvalidProduct(HEADER, "must be the number a write returned");
        }
    }
}
