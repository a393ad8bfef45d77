package dev.patternshop.order.placement;

import dev.patternshop.order.domain.Order;

/**
 * The answer to placing an order.
 *
 * @param replayed    true when the key already named this order (nothing new was stored)
 * @param logPosition the shard primary's log position after the commit: a read that waits for it sees the order
 */
public record Placement(Order order, boolean replayed, long logPosition) {}
