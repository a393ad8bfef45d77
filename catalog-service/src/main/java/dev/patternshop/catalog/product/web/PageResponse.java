package dev.patternshop.catalog.product.web;

import dev.patternshop.catalog.product.ProductPage;
import java.util.List;

public record PageResponse(List<ProductResponse> items, int page, int size, long totalElements, long totalPages) {

    static PageResponse of(ProductPage page) {
        return new PageResponse(
                page.items().stream().map(ProductResponse::of).toList(),
                page.page(),
                page.size(),
                page.totalElements(),
                page.totalPages());
    }
}
