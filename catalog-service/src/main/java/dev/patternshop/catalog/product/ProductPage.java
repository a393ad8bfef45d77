package dev.patternshop.catalog.product;

import java.util.List;

public record ProductPage(List<Product> items, int page, int size, long totalElements) {

    public long totalPages() {
        return (totalElements + size - 1) / size;
    }
}
