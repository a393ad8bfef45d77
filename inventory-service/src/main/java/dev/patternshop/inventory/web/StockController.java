package dev.patternshop.inventory.web;

import dev.patternshop.inventory.domain.Stock;
import dev.patternshop.inventory.stock.StockLevels;
import dev.patternshop.inventory.stock.StockSettings;
import dev.patternshop.servicedefaults.IdList;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/**
 * Public reads (no token): {@code GET /products/{id}} answers one product's stock with a strong ETag (its version);
 * {@code GET /products?ids=1,2,3} answers {@code {"products":[...],"missing":[...]}}: the stock of the products found
 * in id order, and the ids asked for that have none, in the order asked; an id given twice is answered once. At most
 * {@code inventory.stock.max-bulk-ids} ids; more, none, or one that is not a positive number is a 400.
 */
@Tag(name = "stock", description = "Stock levels without a token: one product's (ETag) or many at once.")
@RestController
@RequestMapping("/products")
class StockController {

    /** Availability changes with every order: a client may keep a copy, but asks (If-None-Match) before using it. */
    private static final CacheControl REVALIDATE = CacheControl.noCache();

    private final StockLevels levels;
    private final StockSettings settings;

    StockController(StockLevels levels, StockSettings settings) {
        this.levels = levels;
        this.settings = settings;
    }

    @GetMapping("/{id}")
    ResponseEntity<StockResponse> stock(@PathVariable long id, WebRequest request) {
        Stock stock = levels.find(id);
        if (request.checkNotModified(stock.etag())) {
            return ResponseEntity.status(304)
                    .eTag(stock.etag())
                    .cacheControl(REVALIDATE)
                    .build();
        }
        return ResponseEntity.ok().eTag(stock.etag()).cacheControl(REVALIDATE).body(StockResponse.of(stock));
    }

    @GetMapping
    ResponseEntity<BulkResponse> stocks(@RequestParam(required = false) String ids) {
        Set<Long> asked = IdList.parse("ids", ids, settings.maxBulkIds());
        List<Stock> found = levels.findAll(asked);
        Set<Long> missing = new LinkedHashSet<>(asked);
        found.forEach(stock -> missing.remove(stock.productId()));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new BulkResponse(found.stream().map(StockResponse::of).toList(), List.copyOf(missing)));
    }

    record BulkResponse(List<StockResponse> products, List<Long> missing) {}
}
