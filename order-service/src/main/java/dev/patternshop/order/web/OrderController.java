package dev.patternshop.order.web;

import dev.patternshop.order.domain.CustomerId;
import dev.patternshop.order.domain.IdempotencyKey;
import dev.patternshop.order.domain.InvalidOrder;
import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.OrderPage;
import dev.patternshop.order.placement.OrderPlacement;
import dev.patternshop.order.placement.OrderSettings;
import dev.patternshop.order.placement.Placement;
import dev.patternshop.order.queries.OrderQueries;
import dev.patternshop.replication.ConsistencyToken;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A customer's orders. The customer is the token's subject, never a field of the request; it is also the
 * shard key.
 */
@RestController
@RequestMapping("/orders")
class OrderController {

    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final OrderPlacement placement;
    private final OrderQueries queries;
    private final OrderSettings settings;

    OrderController(OrderPlacement placement, OrderQueries queries, OrderSettings settings) {
        this.placement = placement;
        this.queries = queries;
        this.settings = settings;
    }

    /**
     * Async request-reply: 202 with {@code Location} to poll. {@code Consistency-Token} lets the next read see
     * this order even on a replica that is a moment behind.
     */
    @PostMapping
    ResponseEntity<OrderAccepted> place(
            @AuthenticationPrincipal Jwt caller,
            @RequestHeader(value = IdempotencyKey.HEADER, required = false) String key,
            @RequestBody OrderRequest request) {
        IdempotencyKey idempotencyKey = new IdempotencyKey(key);
        Placement placed = placement.place(request.toCommand(customer(caller)), idempotencyKey);
        ResponseEntity.BodyBuilder answer = ResponseEntity.accepted()
                .location(ServletUriComponentsBuilder.fromCurrentRequest()
                        .path("/{id}")
                        .buildAndExpand(placed.order().id().toString())
                        .toUri())
                .header(ConsistencyToken.HEADER, ConsistencyToken.of(placed.logPosition()));
        if (placed.replayed()) {
            answer.header(REPLAYED_HEADER, "true");
        }
        return answer.body(OrderAccepted.of(placed.order()));
    }

    @GetMapping("/{id}")
    ResponseEntity<OrderResponse> one(
            @AuthenticationPrincipal Jwt caller,
            @PathVariable String id,
            @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(OrderResponse.of(queries.ownOrder(customer(caller), id, position(token))));
    }

    @GetMapping
    ResponseEntity<OrderPageResponse<OrderResponse>> mine(
            @AuthenticationPrincipal Jwt caller,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size,
            @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token) {
        OrderPage<Order> orders = queries.ownOrders(customer(caller), page, size, position(token));
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(new OrderPageResponse<>(
                        orders.items().stream().map(OrderResponse::of).toList(),
                        orders.page(),
                        orders.size(),
                        orders.hasNext()));
    }

    private String customer(Jwt caller) {
        return CustomerId.check(caller.getSubject(), settings.maxCustomerIdLength());
    }

    static long position(String token) {
        try {
            return ConsistencyToken.parse(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidOrder(ConsistencyToken.HEADER, "must be the number a write returned");
        }
    }
}
