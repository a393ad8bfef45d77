package dev.patternshop.order.messaging;

import dev.patternshop.order.domain.OrderEvent;
import dev.patternshop.order.sharding.CustomerShard;
import java.util.List;

/**
 * Where an order's events go: the outbox of its shard, in the caller's transaction, so they are published if and
 * only if the change that raised them commits.
 */
public interface OrderEvents {

    void append(CustomerShard shard, List<OrderEvent> events);
}
