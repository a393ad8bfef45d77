package dev.patternshop.order.web;

import dev.patternshop.order.domain.OrderSummary;
import java.time.Instant;

/** A row of the admin's listing across shards. */
public record OrderSummaryResponse(
        String id, String customerId, String status, Money total, int itemCount, Instant createdAt, int logicalShard) {

    static OrderSummaryResponse of(OrderSummary summary) {
        return new OrderSummaryResponse(
                summary.id().toString(),
                summary.customerId(),
                summary.status().name(),
                new Money(summary.totalMinor(), summary.currency()),
                summary.itemCount(),
                summary.createdAt(),
                summary.id().logicalShard());
    }
}
