package dev.patternshop.order.order.application;

import dev.patternshop.order.order.IdempotencyKey;
import dev.patternshop.order.order.Orders;
import dev.patternshop.order.order.PlaceOrder;
import dev.patternshop.order.order.PricedOrder;
import dev.patternshop.order.order.ProductPrices;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Placing an order: check the request, answer a retry from its idempotency key, price every item from the
 * catalog, then store order + lines + key + OrderPlaced event in one transaction. Nothing is written unless
 * every step before the transaction succeeded.
 */
@Service
public class OrderPlacement {

    private final Orders orders;
    private final ProductPrices prices;
    private final OrderSettings settings;

    public OrderPlacement(Orders orders, ProductPrices prices, OrderSettings settings) {
        this.orders = orders;
        this.prices = prices;
        this.settings = settings;
    }

    public Orders.Placement place(PlaceOrder request, IdempotencyKey key) {
        request.check(settings.limits());
        String fingerprint = request.fingerprint();
        // Before pricing: a retry is answered even while the catalog is down.
        Optional<Orders.Placement> earlier = orders.replay(request.customerId(), key, fingerprint);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Map<Long, ProductPrices.PricedProduct> priced =
                prices.findAll(request.items().stream().map(PlaceOrder.Item::productId).toList());
        return orders.place(PricedOrder.of(request, priced), key, fingerprint, settings.idempotencyKeyRetention());
    }
}
