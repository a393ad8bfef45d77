package dev.patternshop.order.placement;

import dev.patternshop.order.domain.IdempotencyKey;

/** The key already named a different request: refuse rather than guess which one the client meant. */
public class IdempotencyKeyReused extends RuntimeException {

    public IdempotencyKeyReused(IdempotencyKey key) {
        super("Idempotency-Key " + key.value()
                + " was already used for a different request; use a new key for a new order");
    }
}
