package dev.patternshop.order.persistence;

import dev.patternshop.order.domain.IdempotencyKey;
import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.sharding.CustomerShard;
import java.time.Duration;
import java.util.Optional;

/**
 * The idempotency keys customers sent with their orders, on the customer's shard next to the orders they name.
 * Every method but {@link #deleteExpired} joins the caller's transaction on the shard's primary.
 */
public interface IdempotencyKeys {

    /** The unexpired key, read on the primary: a key must be seen the moment it is committed. */
    Optional<StoredKey> find(CustomerShard shard, IdempotencyKey key);

    /** Deletes the key if it has expired, so it can name a new order (the cleanup may not have reached it yet). */
    void deleteIfExpired(CustomerShard shard, IdempotencyKey key);

    boolean isTaken(CustomerShard shard, IdempotencyKey key);

    /**
     * Stores the key for the order. A concurrent transaction that claims the same key waits here until the first
     * one commits, then finds it taken.
     *
     * @return false if the key was taken meanwhile (nothing stored)
     */
    boolean claim(CustomerShard shard, IdempotencyKey key, String fingerprint, OrderId orderId, Duration retention);

    /** Deletes expired keys on every shard, at most {@code limitPerShard} each; returns how many. */
    int deleteExpired(int limitPerShard);

    /** @param fingerprint what the first request asked for ({@code PlaceOrder.fingerprint()}) */
    record StoredKey(OrderId orderId, String fingerprint) {}
}
