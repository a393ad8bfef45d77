package dev.patternshop.order.web;

import dev.patternshop.order.domain.OrderPage;
import dev.patternshop.order.domain.OrderSummary;
import dev.patternshop.order.queries.OrderQueries;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Orders across every shard (ADMIN only, by the shared security rule for {@code /admin/**}). */
@Tag(name = "admin", description = "ADMIN: orders across every shard.")
@RestController
@RequestMapping("/admin/orders")
class AdminOrderController {

    private final OrderQueries queries;

    AdminOrderController(OrderQueries queries) {
        this.queries = queries;
    }

    /** Scatter-gather: every shard cluster asked in parallel, the answers merged into one page, newest first. */
    @GetMapping
    ResponseEntity<OrderPageResponse<OrderSummaryResponse>> byStatus(
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        OrderPage<OrderSummary> orders = queries.byStatus(status, page, size);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new OrderPageResponse<>(
                        orders.items().stream().map(OrderSummaryResponse::of).toList(),
                        orders.page(),
                        orders.size(),
                        orders.hasNext()));
    }
}
