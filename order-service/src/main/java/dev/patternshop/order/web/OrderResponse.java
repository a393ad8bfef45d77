package dev.patternshop.order.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.OrderLine;
import dev.patternshop.order.domain.SagaStep;
import java.time.Instant;
import java.util.List;

/**
 * An order as its owner sees it. The id is a string: 64-bit ids exceed what JavaScript numbers hold exactly. The
 * reason is set once it is CANCELLED; the steps (the checkout saga's log, oldest first) are shown for one order, not
 * in listings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderResponse(
        String id,
        String status,
        String reason,
        List<Line> items,
        Money total,
        Instant createdAt,
        Instant updatedAt,
        List<Step> steps) {

    /** A line of the saga's log: {@code reserve-stock requested}, {@code authorize-payment done}, ... */
    public record Step(String step, String outcome, String detail, Instant at) {}

    public record Line(long productId, String sku, String name, Money unitPrice, int quantity, Money lineTotal) {}

    static OrderResponse of(Order order) {
        return of(order, null);
    }

    static OrderResponse of(Order order, List<SagaStep> steps) {
        return new OrderResponse(
                order.id().toString(),
                order.status().name(),
                order.cancelReason().orElse(null),
                order.lines().stream().map(line -> line(line, order.currency())).toList(),
                new Money(order.totalMinor(), order.currency()),
                order.createdAt(),
                order.updatedAt(),
                steps == null
                        ? null
                        : steps.stream()
                                .map(step -> new Step(step.step(), step.outcome(), step.detail(), step.at()))
                                .toList());
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
