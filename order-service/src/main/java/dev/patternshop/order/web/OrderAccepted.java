package dev.patternshop.order.web;

import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.OrderStatus;
import java.time.Instant;

/**
 * The answer to {@code POST /orders} (202): the order is stored and will be completed asynchronously; poll
 * {@code Location} for its status. A retry with the same Idempotency-Key gets this same answer.
 */
public record OrderAccepted(String id, String status, Money total, Instant createdAt) {

    static OrderAccepted of(Order order) {
        // Always the status every order is accepted with (its saga has asked for the stock), so a replay answers
        // exactly as the first time did, whatever the order's status is now.
        return new OrderAccepted(
                order.id().toString(),
                OrderStatus.AWAITING_STOCK.name(),
                new Money(order.totalMinor(), order.currency()),
                order.createdAt());
    }
}
