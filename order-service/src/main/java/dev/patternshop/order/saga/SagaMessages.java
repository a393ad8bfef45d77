package dev.patternshop.order.saga;

import dev.patternshop.events.Envelope;
import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.OrderSaga;

/**
 * Where the saga's decisions leave the service: the order's events and the saga's commands, appended to the order
 * shard's outbox in the caller's transaction (the messaging adapter implements it).
 */
public interface SagaMessages {

    /**
     * Appends the order's new events and the saga's new commands.
     *
     * @param cause the message whose handling decided them (its id becomes their causation id), or null when the
     *     supervisor, a placement or a customer decided
     */
    void append(Order order, OrderSaga saga, Envelope cause);
}
