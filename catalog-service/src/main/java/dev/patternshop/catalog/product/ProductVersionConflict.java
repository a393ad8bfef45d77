package dev.patternshop.catalog.product;

/** Optimistic locking: the product changed since the client read it; it must read again and reapply. */
public class ProductVersionConflict extends RuntimeException {

    public ProductVersionConflict(long id, long expectedVersion) {
        super("Product " + id + " is no longer at version " + expectedVersion + "; read it again and retry.");
    }
}
