package dev.patternshop.order.order;

import dev.patternshop.order.sharding.OrderId;
import java.time.Instant;
import java.util.List;

/** A stored order with its lines. */
public record Order(OrderId id, String customerId, OrderStatus status, List<OrderLine> lines, long totalMinor,
                    String currency, Instant createdAt, Instant updatedAt) {

    public Order {
        lines = List.copyOf(lines);
    }

    public boolean belongsTo(String customerId) {
        return this.customerId.equals(customerId);
    }
}
