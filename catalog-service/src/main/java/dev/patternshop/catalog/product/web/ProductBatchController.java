package dev.patternshop.catalog.product.web;

import dev.patternshop.catalog.product.Product;
import dev.patternshop.catalog.product.application.ProductCatalog;
import dev.patternshop.servicedefaults.IdList;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Many products in one call: {@code GET /products/batch?ids=1,2,3} answers {@code {"products":[...]}} with the
 * products found, in the representation of {@code GET /products/{id}}; unknown ids are simply absent, an id given
 * twice is answered once. A client pricing an order (order-service) makes one call per order, not one per line.
 * At most {@code catalog.batch.max-ids} ids per call; more, none, or one that is not a positive number is a 400.
 */
@Tag(
        name = "products",
        description =
                "Browse without a token: one product (ETag, conditional GET), a filtered and sorted page, full-text search.")
@RestController
@RequestMapping("/products")
@EnableConfigurationProperties(ProductBatchController.BatchSettings.class)
class ProductBatchController {

    private final ProductCatalog catalog;
    private final BatchSettings settings;

    ProductBatchController(ProductCatalog catalog, BatchSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    @GetMapping("/batch")
    ResponseEntity<BatchResponse> batch(
            @RequestParam(required = false) String ids,
            @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token) {
        List<Product> found =
                catalog.findAll(IdList.parse("ids", ids, settings.maxIds()), ConsistencyToken.parse(token));
        // Not cached by clients or proxies: prices are read to be charged, and a batch has no single ETag.
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new BatchResponse(found.stream().map(ProductResponse::of).toList()));
    }

    record BatchResponse(List<ProductResponse> products) {}

    /**
     * @param maxIds how many ids one call may name: bounds the query and the answer. order-service's
     *               {@code orders.placement.max-lines} must not exceed it (it checks at start).
     */
    @Validated
    @ConfigurationProperties("catalog.batch")
    record BatchSettings(@Min(1) @DefaultValue("100") int maxIds) {}
}
