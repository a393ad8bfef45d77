package dev.patternshop.order.persistence;

import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.domain.OrderSaga;
import dev.patternshop.order.domain.SagaPolicy;
import dev.patternshop.order.domain.SagaStep;
import dev.patternshop.order.sharding.ShardCluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checkout sagas, each beside its order on the order's shard cluster; every write joins the caller's transaction
 * on that cluster's primary, where the order's change and the outbox rows of the saga's commands are written too.
 */
public interface Sagas {

    /** Stores a just-started saga and its first steps. */
    void add(OrderSaga saga);

    /**
     * The saga, its row locked until the transaction ends: one reply, supervisor or customer at a time changes a saga;
     * the others wait and then see what it decided.
     */
    Optional<OrderSaga> lock(OrderId id, SagaPolicy policy);

    /** Stores what the saga decided and appends the steps it logged. */
    void update(OrderSaga saga);

    /** Up to {@code limit} sagas of this cluster that are due at {@code now}, the longest due first (not locked). */
    List<OrderId> due(ShardCluster cluster, Instant now, int limit);

    /**
     * The saga's log, oldest first (empty for an order without a saga), read like the order: from a replica that has
     * replayed {@code minLogPosition}, else the primary.
     */
    List<SagaStep> steps(OrderId id, long minLogPosition);

    /** How many sagas of this cluster that have not ended are in each state, for the gauges. */
    Map<String, Long> countActiveByState(ShardCluster cluster);
}
