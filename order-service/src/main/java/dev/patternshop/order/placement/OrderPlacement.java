package dev.patternshop.order.placement;

import dev.patternshop.order.domain.IdempotencyKey;
import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.PlaceOrder;
import dev.patternshop.order.domain.PricedOrder;
import dev.patternshop.order.domain.ProductPrices;
import dev.patternshop.order.persistence.IdempotencyKeys;
import dev.patternshop.order.persistence.Orders;
import dev.patternshop.order.saga.SagaOrchestrator;
import dev.patternshop.order.sharding.CustomerShard;
import dev.patternshop.order.sharding.ShardClusters;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Placing an order: check the request, answer a retry from its idempotency key, price every item from the
 * catalog, then store order + lines + key + the checkout saga (its events and first command in the outbox) in one
 * transaction on the customer's shard. Nothing is written unless every step before the transaction succeeded.
 */
@Service
public class OrderPlacement {

    private final ShardClusters clusters;
    private final Orders orders;
    private final IdempotencyKeys keys;
    private final SagaOrchestrator checkout;
    private final ProductPrices prices;
    private final OrderSettings settings;

    OrderPlacement(
            ShardClusters clusters,
            Orders orders,
            IdempotencyKeys keys,
            SagaOrchestrator checkout,
            ProductPrices prices,
            OrderSettings settings) {
        this.clusters = clusters;
        this.orders = orders;
        this.keys = keys;
        this.checkout = checkout;
        this.prices = prices;
        this.settings = settings;
    }

    public Placement place(PlaceOrder request, IdempotencyKey key) {
        request.check(settings.limits());
        String fingerprint = request.fingerprint();
        CustomerShard shard = clusters.shardOf(request.customerId());
        // Before pricing: a retry is answered even while the catalog is down.
        Optional<Placement> earlier = replay(shard, key, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Map<Long, ProductPrices.PricedProduct> priced = prices.findAll(
                request.items().stream().map(PlaceOrder.Item::productId).toList());
        PricedOrder order = PricedOrder.of(request, priced);
        Order stored = store(shard, order, key, fingerprint);
        if (stored != null) {
            return new Placement(stored, false, shard.cluster().primaryPosition());
        }
        return replay(shard, key, fingerprint)
                .orElseThrow(() ->
                        new IllegalStateException("idempotency key " + key.value() + " was taken, then vanished"));
    }

    /** The order, its key and its events in one transaction; null if the key turned out to be taken (a retry). */
    private Order store(CustomerShard shard, PricedOrder priced, IdempotencyKey key, String fingerprint) {
        int maxPending = settings.maxPendingPerCustomer();
        return shard.cluster().inTransaction(tx -> {
            orders.lockPlacementsOf(shard);
            keys.deleteIfExpired(shard, key);
            // A request that waited for the lock behind one with the same key is a retry: answered as a replay,
            // even when the order it replays filled the cap.
            if (keys.isTaken(shard, key)) {
                tx.setRollbackOnly();
                return null;
            }
            if (orders.countUnfinished(shard, maxPending) >= maxPending) {
                throw new TooManyPendingOrders(maxPending); // rolls back: nothing written
            }
            Orders.NewOrderId next = orders.nextId(shard);
            Order order = Order.place(next.id(), priced, next.at());
            // The order, its saga, its events and the saga's first command (ReserveStock) in this commit.
            checkout.start(shard, order);
            if (!keys.claim(shard, key, fingerprint, order.id(), settings.idempotencyKeyRetention())) {
                tx.setRollbackOnly();
                return null;
            }
            return order;
        });
    }

    /**
     * The placement an unexpired key already names, to answer a retry with.
     *
     * @throws IdempotencyKeyReused if the key was given for a different request (another fingerprint)
     */
    private Optional<Placement> replay(CustomerShard shard, IdempotencyKey key, String fingerprint) {
        return keys.find(shard, key).flatMap(stored -> {
            if (!stored.fingerprint().equals(fingerprint)) {
                throw new IdempotencyKeyReused(key);
            }
            return orders.onPrimary(shard, stored.orderId())
                    .map(order -> new Placement(order, true, shard.cluster().primaryPosition()));
        });
    }
}
