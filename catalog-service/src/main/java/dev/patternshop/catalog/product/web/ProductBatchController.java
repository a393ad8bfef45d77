package dev.patternshop.catalog.product.web;

import dev.patternshop.catalog.product.InvalidProduct;
import dev.patternshop.catalog.product.Product;
import dev.patternshop.catalog.product.application.ProductCatalog;
import jakarta.validation.constraints.Min;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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
        List<Product> found = catalog.findAll(parse(ids), ConsistencyToken.parse(token));
        // Not cached by clients or proxies: prices are read to be charged, and a batch has no single ETag.
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new BatchResponse(found.stream().map(ProductResponse::of).toList()));
    }

    private Set<Long> parse(String ids) {
        if (ids == null || ids.isBlank()) {
            throw new InvalidProduct("ids", "is required: up to " + settings.maxIds() + " comma-separated product ids");
        }
        String[] parts = ids.split(",", -1);
        // Counted before parsing: an oversized list costs nothing beyond this check.
        if (parts.length > settings.maxIds()) {
            throw new InvalidProduct("ids", "must name at most " + settings.maxIds() + " products per call");
        }
        Set<Long> parsed = new LinkedHashSet<>();
        for (String part : parts) {
            parsed.add(positiveId(part.strip()));
        }
        return parsed;
    }

    private static long positiveId(String part) {
        try {
            long id = Long.parseLong(part);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below, without echoing the input
        }
        throw new InvalidProduct("ids", "must be positive product ids separated by commas");
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
