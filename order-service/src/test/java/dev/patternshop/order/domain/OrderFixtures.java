package dev.patternshop.order.domain;

import java.time.Instant;
import java.util.List;

/**
 * Orders in a given state, reached through the aggregate's own transitions (never by setting a status), so a test
 * reads as a sentence: {@code anOrderAwaitingPayment().confirm(NOW)}.
 */
final class OrderFixtures {

    static final Instant PLACED_AT = Instant.parse("2026-03-01T10:00:00Z");
    static final Instant NOW = PLACED_AT.plusSeconds(60);
    static final OrderId ORDER_ID = OrderId.compose(PLACED_AT, 7, 1);
    static final String CUSTOMER = "alice";

    private OrderFixtures() {}

    static PricedOrder twoMugsAndATeapot() {
        return new PricedOrder(
                CUSTOMER,
                List.of(new OrderLine(1, "MUG-1", "Mug", 800, 2), new OrderLine(2, "POT-1", "Teapot", 2_400, 1)),
                2 * 800 + 2_400,
                "EUR");
    }

    static Order aPlacedOrder() {
        return Order.place(ORDER_ID, twoMugsAndATeapot(), PLACED_AT);
    }

    static Order anOrderAwaitingStock() {
        Order order = aPlacedOrder();
        order.awaitStock(PLACED_AT.plusSeconds(1));
        return order;
    }

    static Order anOrderAwaitingPayment() {
        Order order = anOrderAwaitingStock();
        order.awaitPayment(PLACED_AT.plusSeconds(2));
        return order;
    }

    static Order aConfirmedOrder() {
        Order order = anOrderAwaitingPayment();
        order.confirm(PLACED_AT.plusSeconds(3));
        return order;
    }

    static Order aCancelledOrder() {
        Order order = aPlacedOrder();
        order.cancel("out of stock", PLACED_AT.plusSeconds(1));
        return order;
    }

    /** The order as a later request loads it: the same state, no events of its own yet. */
    static Order restored(Order order) {
        return Order.restore(
                order.id(),
                order.customerId(),
                order.status(),
                order.lines(),
                order.totalMinor(),
                order.currency(),
                order.createdAt(),
                order.updatedAt(),
                order.cancelReason().orElse(null));
    }
}
