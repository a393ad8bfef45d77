package dev.patternshop.order.order;

import dev.patternshop.order.sharding.OrderId;
import java.time.Duration;
import java.util.Optional;

/**
 * Where orders are kept: sharded by customer, each shard on a primary (writes) with a replica (reads).
 * Reads take the log position the caller's own write returned (0 when it has none), so a customer who just
 * placed an order sees it (read-your-writes).
 */
public interface Orders {

    /**
     * The placement an unexpired idempotency key already names, to answer a retry with.
     *
     * @throws IdempotencyKeyReused if the key was given for a different request (another fingerprint)
     */
    Optional<Placement> replay(String customerId, IdempotencyKey key, String fingerprint);

    /**
     * Stores the order (PENDING), its lines, the key and the OrderPlaced event in one transaction on the
     * customer's shard. If the key was taken meanwhile (a concurrent request), nothing is stored and the
     * order it names is returned instead, marked as a replay.
     *
     * @throws IdempotencyKeyReused if the key was taken by a different request
     */
    Placement place(PricedOrder order, IdempotencyKey key, String fingerprint, Duration keyRetention);

    Optional<Order> find(OrderId id, long minLogPosition);

    OrderPage<Order> ofCustomer(String customerId, int page, int size, long minLogPosition);

    /** Every shard's orders in one status, merged newest first (scatter-gather). */
    OrderPage<OrderSummary> byStatus(OrderStatus status, int page, int size);

    /** Deletes expired idempotency keys on every shard; returns how many. */
    int deleteExpiredKeys(int limitPerShard);

    /**
     * @param replayed    true when the key already named this order (nothing new was stored)
     * @param logPosition the shard primary's log position after the commit: a read that waits for it sees the order
     */
    record Placement(Order order, boolean replayed, long logPosition) {
    }
}
