package dev.patternshop.order.web;

import dev.patternshop.order.domain.CustomerId;
import dev.patternshop.order.domain.IdempotencyKey;
import dev.patternshop.order.domain.InvalidOrder;
import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.OrderPage;
import dev.patternshop.order.placement.OrderPlacement;
import dev.patternshop.order.placement.OrderSettings;
import dev.patternshop.order.placement.Placement;
import dev.patternshop.order.queries.OrderNotFound;
import dev.patternshop.order.queries.OrderQueries;
import dev.patternshop.order.saga.OrderCancellation;
import dev.patternshop.order.saga.SagaSettings;
import dev.patternshop.replication.ConsistencyToken;
import dev.patternshop.servicedefaults.RetryAfter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
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
@Tag(
        name = "orders",
        description = "The caller's orders: place one (Idempotency-Key; 202 + Location to poll), read, list, cancel.")
@RestController
@RequestMapping("/orders")
class OrderController {

    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final OrderPlacement placement;
    private final OrderQueries queries;
    private final OrderCancellation cancellation;
    private final OrderSettings settings;
    private final SagaSettings sagaSettings;

    OrderController(
            OrderPlacement placement,
            OrderQueries queries,
            OrderCancellation cancellation,
            OrderSettings settings,
            SagaSettings sagaSettings) {
        this.placement = placement;
        this.queries = queries;
        this.cancellation = cancellation;
        this.settings = settings;
        this.sagaSettings = sagaSettings;
    }

    /**
     * Async request-reply: 202 with {@code Location} to poll. {@code Consistency-Token} lets the next read see
     * this order even on a replica that is a moment behind.
     */
    @Operation(summary = "Place an order: 202 + Location to poll; the same Idempotency-Key again replays the answer.")
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

    /**
     * The status resource of the async request-reply: status, reason and the saga's steps. While the order is not
     * final, {@code Retry-After} says when polling again is worth it.
     */
    @Operation(summary = "One of the caller's orders, with its checkout saga's steps (Retry-After while not final).")
    @GetMapping("/{id}")
    ResponseEntity<OrderResponse> one(
            @AuthenticationPrincipal Jwt caller,
            @PathVariable String id,
            @RequestHeader(value = ConsistencyToken.HEADER, required = false) String token) {
        long position = position(token);
        Order order = queries.ownOrder(customer(caller), id, position);
        return withPollHint(order, ResponseEntity.ok().cacheControl(CacheControl.noStore()))
                .body(OrderResponse.of(order, queries.steps(order, position)));
    }

    /**
     * The customer cancels an order that is not confirmed yet: 200 with the order, CANCELLED (GET shows the steps); its stock and payment
     * are given back by the saga's compensations (its steps show them). 409 once it is confirmed, cancelled, or being
     * confirmed (payment authorized); 404 for an order that is not the caller's.
     */
    @Operation(
            summary = "Cancel one of the caller's orders that is not confirmed yet (409 once it is being confirmed).")
    @PostMapping("/{id}/cancel")
    ResponseEntity<OrderResponse> cancel(@AuthenticationPrincipal Jwt caller, @PathVariable String id) {
        Order order = cancellation.cancel(customer(caller), id).orElseThrow(() -> new OrderNotFound(id));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(OrderResponse.of(order));
    }

    private ResponseEntity.BodyBuilder withPollHint(Order order, ResponseEntity.BodyBuilder answer) {
        if (!order.status().isFinal()) {
            answer.header(HttpHeaders.RETRY_AFTER, RetryAfter.header(sagaSettings.pollAfter()));
        }
        return answer;
    }

    @Operation(summary = "The caller's orders, newest first.")
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
