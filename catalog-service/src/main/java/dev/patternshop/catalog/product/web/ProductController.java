package dev.patternshop.catalog.product.web;

import dev.patternshop.catalog.product.Product;
import dev.patternshop.catalog.product.ProductQuery;
import dev.patternshop.catalog.product.SearchQuery;
import dev.patternshop.catalog.product.application.ProductCatalog;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** Public reads: a product (cache-aside, ETag), a filtered page, and full-text search. */
@Tag(
        name = "products",
        description =
                "Browse without a token: one product (ETag, conditional GET), a filtered and sorted page, full-text search.")
@RestController
@RequestMapping("/products")
class ProductController {

    private static final CacheControl PRODUCT_CACHING =
            CacheControl.maxAge(Duration.ofSeconds(10)).cachePublic();
    private static final CacheControl LIST_CACHING =
            CacheControl.maxAge(Duration.ofSeconds(5)).cachePublic();

    private final ProductCatalog catalog;

    ProductController(ProductCatalog catalog) {
        this.catalog = catalog;
    }

    @Operation(summary = "One product; an If-None-Match with its ETag answers 304.")
    @GetMapping("/{id}")
    ResponseEntity<ProductResponse> product(
            @PathVariable long id,
            @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token,
            WebRequest request) {
        Product product = catalog.find(id, ConsistencyToken.parse(token));
        if (request.checkNotModified(product.etag())) {
            // 304: the client's copy is current; Spring has set the status and the ETag.
            return ResponseEntity.status(304)
                    .eTag(product.etag())
                    .cacheControl(PRODUCT_CACHING)
                    .build();
        }
        return ResponseEntity.ok()
                .eTag(product.etag())
                .cacheControl(PRODUCT_CACHING)
                .body(ProductResponse.of(product));
    }

    @Operation(summary = "A page of products, filtered by category and price, sorted.")
    @GetMapping
    ResponseEntity<PageResponse> list(
            @RequestParam(required = false) String category,
            @RequestParam(required = false) Long minPrice,
            @RequestParam(required = false) Long maxPrice,
            @RequestParam(required = false) String sort,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token) {
        ProductQuery query = ProductQuery.of(category, minPrice, maxPrice, sort, page, size);
        return ResponseEntity.ok()
                .cacheControl(LIST_CACHING)
                .body(PageResponse.of(catalog.list(query, ConsistencyToken.parse(token))));
    }

    @Operation(summary = "Full-text search over names and descriptions.")
    @GetMapping("/search")
    ResponseEntity<PageResponse> search(
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token) {
        SearchQuery query = new SearchQuery(q, page, size);
        return ResponseEntity.ok()
                .cacheControl(LIST_CACHING)
                .body(PageResponse.of(catalog.search(query, ConsistencyToken.parse(token))));
    }
}
