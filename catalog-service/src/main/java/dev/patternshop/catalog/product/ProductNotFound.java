package dev.patternshop.catalog.product;

public class ProductNotFound extends RuntimeException {

    public ProductNotFound(long id) {
        super("No product with id " + id + ".");
    }
}
