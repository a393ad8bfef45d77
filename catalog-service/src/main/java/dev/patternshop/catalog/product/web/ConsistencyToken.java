package dev.patternshop.catalog.product.web;

import dev.patternshop.catalog.product.InvalidProduct;
import dev.patternshop.catalog.product.ReadConsistency;

/** The shared {@link dev.patternshop.replication.ConsistencyToken}, read as the catalog's own types. */
final class ConsistencyToken {

    static final String HEADER = dev.patternshop.replication.ConsistencyToken.HEADER;

    private ConsistencyToken() {}

    static ReadConsistency parse(String header) {
        try {
            return ReadConsistency.atLeast(dev.patternshop.replication.ConsistencyToken.parse(header));
        } catch (IllegalArgumentException e) {
            throw new InvalidProduct(HEADER, "must be the number a write returned");
        }
    }
}
