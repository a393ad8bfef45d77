package dev.patternshop.order.domain;

import dev.patternshop.order.domain.OrderEvent.OrderCancelled;
import dev.patternshop.order.domain.OrderEvent.OrderConfirmed;
import dev.patternshop.order.domain.OrderEvent.OrderPlaced;
import dev.patternshop.order.domain.OrderEvent.PaymentRequested;
import dev.patternshop.order.domain.OrderEvent.StockRequested;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The order aggregate: its lines and total are fixed when it is placed; its status changes only through the named
 * transitions below. Each one checks the current status, refuses what that status does not allow
 * ({@link IllegalOrderTransition}), and records a past-tense {@link OrderEvent} for the outbox.
 *
 * <pre>
 * PENDING --awaitStock--> AWAITING_STOCK --awaitPayment--> AWAITING_PAYMENT --confirm--> CONFIRMED
 *    \__________________________\___________________________________\__cancel(reason)--> CANCELLED
 * </pre>
 */
public final class Order {

    private final OrderId id;
    private final String customerId;
    private final List<OrderLine> lines;
    private final long totalMinor;
    private final String currency;
    private final Instant createdAt;
    private OrderStatus status;
    private String cancelReason;
    private Instant updatedAt;
    private final List<OrderEvent> events = new ArrayList<>();

    private Order(
            OrderId id,
            String customerId,
            OrderStatus status,
            List<OrderLine> lines,
            long totalMinor,
            String currency,
            Instant createdAt,
            Instant updatedAt,
            String cancelReason) {
        this.id = Objects.requireNonNull(id, "id");
        this.customerId = Objects.requireNonNull(customerId, "customerId");
        this.status = Objects.requireNonNull(status, "status");
        this.lines = List.copyOf(lines);
        this.totalMinor = totalMinor;
        this.currency = currency;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.cancelReason = cancelReason;
    }

    /**
     * Places an order: PENDING, with the catalog's prices, raising {@link OrderPlaced}. The id and the time come
     * from the shard (its sequence and clock), so every instance that places on that shard agrees on them.
     */
    public static Order place(OrderId id, PricedOrder priced, Instant at) {
        Order order = new Order(
                id,
                priced.customerId(),
                OrderStatus.PENDING,
                priced.lines(),
                priced.totalMinor(),
                priced.currency(),
                at,
                at,
                null);
        order.events.add(new OrderPlaced(id, order.customerId, order.lines, order.totalMinor, order.currency, at));
        return order;
    }

    /** An order as it was stored: no transition happened, so no event is recorded. */
    public static Order restore(
            OrderId id,
            String customerId,
            OrderStatus status,
            List<OrderLine> lines,
            long totalMinor,
            String currency,
            Instant createdAt,
            Instant updatedAt,
            String cancelReason) {
        return new Order(id, customerId, status, lines, totalMinor, currency, createdAt, updatedAt, cancelReason);
    }

    /** PENDING -> AWAITING_STOCK: the saga has asked inventory to reserve the lines. */
    public void awaitStock(Instant at) {
        move(Set.of(OrderStatus.PENDING), OrderStatus.AWAITING_STOCK, "await stock", at);
        events.add(new StockRequested(id, customerId, at));
    }

    /** AWAITING_STOCK -> AWAITING_PAYMENT: the stock is reserved, the payment is asked for. */
    public void awaitPayment(Instant at) {
        move(Set.of(OrderStatus.AWAITING_STOCK), OrderStatus.AWAITING_PAYMENT, "await payment", at);
        events.add(new PaymentRequested(id, customerId, at));
    }

    /** AWAITING_PAYMENT -> CONFIRMED: stock reserved and payment authorized. */
    public void confirm(Instant at) {
        move(Set.of(OrderStatus.AWAITING_PAYMENT), OrderStatus.CONFIRMED, "be confirmed", at);
        events.add(new OrderConfirmed(id, customerId, totalMinor, currency, at));
    }

    /** Any status that is not final -> CANCELLED, with the reason the customer will be told. */
    public void cancel(String reason, Instant at) {
        cancel(reason, null, at);
    }

    /**
     * Any status that is not final -> CANCELLED: the reason (a code the customer is told) is kept with the order; the
     * detail (what a participant said, for support) travels in the event.
     */
    public void cancel(String reason, String detail, Instant at) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a cancellation needs a reason");
        }
        OrderStatus before = status;
        move(
                Set.of(OrderStatus.PENDING, OrderStatus.AWAITING_STOCK, OrderStatus.AWAITING_PAYMENT),
                OrderStatus.CANCELLED,
                "be cancelled",
                at);
        cancelReason = reason;
        events.add(new OrderCancelled(id, customerId, before, reason, detail, at));
    }

    private void move(Set<OrderStatus> from, OrderStatus to, String transition, Instant at) {
        if (!from.contains(status)) {
            throw new IllegalOrderTransition(id, status, transition);
        }
        status = to;
        updatedAt = at;
    }

    public boolean belongsTo(String customerId) {
        return this.customerId.equals(customerId);
    }

    /** What happened to this order since it was placed or restored, oldest first. */
    public List<OrderEvent> events() {
        return List.copyOf(events);
    }

    public OrderId id() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public OrderStatus status() {
        return status;
    }

    public List<OrderLine> lines() {
        return lines;
    }

    public long totalMinor() {
        return totalMinor;
    }

    public String currency() {
        return currency;
    }

    public Instant createdAt() {
        return createdAt;
    }

    /** Why the order was cancelled; empty unless it is CANCELLED. */
    public java.util.Optional<String> cancelReason() {
        return java.util.Optional.ofNullable(cancelReason);
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
