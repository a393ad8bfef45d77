package dev.patternshop.catalog.product;

public class SkuAlreadyExists extends RuntimeException {

    public SkuAlreadyExists(String sku) {
        super("A product with SKU " + sku + " already exists.");
    }
}
