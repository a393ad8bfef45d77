package dev.patternshop.order.web;

import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.OrderLine;
import java.time.Instant;
import java.util.List;

/**
 * An order as its owner sees it. The id is a string: 64-bit ids exceed what JavaScript numbers hold exactly.
 */
public record OrderResponse(
        String id, String status, List<Line> items, Money total, Instant createdAt, Instant updatedAt) {

    public record Line(long productId, String sku, String name, Money unitPrice, int quantity, Money lineTotal) {}

    static OrderResponse of(Order order) {
        return new OrderResponse(
                order.id().toString(),
                order.status().name(),
                order.lines().stream().map(line -> line(line, order.currency())).toList(),
                new Money(order.totalMinor(), order.currency()),
                order.createdAt(),
                order.updatedAt());
    }

    private static Line line(OrderLine line, String currency) {
        return new Line(
                line.productId(),
                line.sku(),
                line.name(),
                new Money(line.unitPriceMinor(), currency),
                line.quantity(),
                new Money(line.totalMinor(), currency));
    }
}
