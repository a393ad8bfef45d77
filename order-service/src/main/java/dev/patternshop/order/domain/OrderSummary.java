package dev.patternshop.order.domain;

import java.time.Instant;
import java.util.Comparator;

/** An order without its lines: a row of a listing. The cancel reason is null unless it is CANCELLED. */
public record OrderSummary(
        OrderId id,
        String customerId,
        OrderStatus status,
        long totalMinor,
        String currency,
        int itemCount,
        Instant createdAt,
        Instant updatedAt,
        String cancelReason) {

    /** Newest first; the id breaks ties, so every listing (one shard or merged from all) has one order. */
    public static final Comparator<OrderSummary> NEWEST_FIRST = Comparator.comparing(OrderSummary::createdAt)
            .thenComparing(summary -> summary.id().value())
            .reversed();
}
