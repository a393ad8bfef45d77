package dev.patternshop.order.persistence;

import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.domain.OrderPage;
import dev.patternshop.order.domain.OrderStatus;
import dev.patternshop.order.domain.OrderSummary;
import dev.patternshop.order.sharding.CustomerShard;
import dev.patternshop.order.sharding.ShardUnavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where orders are kept: sharded by customer, each shard cluster a primary (writes) with a replica (reads).
 * Writes join the caller's transaction on the shard's primary ({@code ShardCluster.inTransaction}). Reads take the
 * log position the caller's own write returned (0 when it has none), so a customer who just placed an order sees
 * it (read-your-writes).
 */
public interface Orders {

    /** Holds every other placement for this customer off until the transaction ends (a per-customer lock). */
    void lockPlacementsOf(CustomerShard shard);

    /** The customer's unfinished orders (not CONFIRMED or CANCELLED), counted up to {@code upTo} (the cap). */
    int countUnfinished(CustomerShard shard, int upTo);

    /** A new id and the time of placing, both from the shard (its sequence and clock). */
    NewOrderId nextId(CustomerShard shard);

    /** Stores a newly placed order and its lines. Its events are not stored here: see the messaging adapter. */
    void add(CustomerShard shard, Order order);

    /** The order as the shard's primary has it, for answering a retry the moment its key is committed. */
    Optional<Order> onPrimary(CustomerShard shard, OrderId id);

    /** The order on its cluster's primary (in the caller's transaction there): what the saga changes. */
    Optional<Order> onPrimary(OrderId id);

    /** Stores a transition of a stored order (status, cancel reason, time); its events go to the outbox. */
    void update(Order order);

    Optional<Order> find(OrderId id, long minLogPosition);

    OrderPage<Order> ofCustomer(CustomerShard shard, int page, int size, long minLogPosition);

    /**
     * Every shard's orders in one status, merged newest first (scatter-gather).
     *
     * @throws ShardUnavailable when a cluster has not answered within {@code timeout}
     */
    OrderPage<OrderSummary> byStatus(OrderStatus status, int page, int size, Duration timeout);

    record NewOrderId(OrderId id, Instant at) {}
}
