package dev.patternshop.order.queries;

import dev.patternshop.order.domain.InvalidOrder;
import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.domain.OrderPage;
import dev.patternshop.order.domain.OrderStatus;
import dev.patternshop.order.domain.OrderSummary;
import dev.patternshop.order.domain.SagaStep;
import dev.patternshop.order.persistence.Orders;
import dev.patternshop.order.persistence.Sagas;
import dev.patternshop.order.placement.OrderSettings;
import dev.patternshop.order.sharding.ShardClusters;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;

/** Reading orders: a customer's own (one shard), and the admin's listing across every shard. */
@Service
public class OrderQueries {

    private final ShardClusters clusters;
    private final Orders orders;
    private final Sagas sagas;
    private final OrderSettings settings;

    OrderQueries(ShardClusters clusters, Orders orders, Sagas sagas, OrderSettings settings) {
        this.clusters = clusters;
        this.orders = orders;
        this.sagas = sagas;
        this.settings = settings;
    }

    /** The caller's order; anyone else's is "not found", the same answer as an id that does not exist. */
    public Order ownOrder(String customerId, String id, long minLogPosition) {
        OrderId orderId = OrderId.parse(id).orElseThrow(() -> new OrderNotFound(id));
        return orders.find(orderId, minLogPosition)
                .filter(order -> order.belongsTo(customerId))
                .orElseThrow(() -> new OrderNotFound(id));
    }

    /** The order's checkout steps (its saga's log), oldest first, read as {@link #ownOrder} read the order. */
    public List<SagaStep> steps(Order order, long minLogPosition) {
        return sagas.steps(order.id(), minLogPosition);
    }

    public OrderPage<Order> ownOrders(String customerId, int page, int size, long minLogPosition) {
        checkPage(page, size);
        return orders.ofCustomer(clusters.shardOf(customerId), page, size, minLogPosition);
    }

    public OrderPage<OrderSummary> byStatus(String status, int page, int size) {
        checkPage(page, size);
        return orders.byStatus(status(status), page, size, settings.scatterTimeout());
    }

    private void checkPage(int page, int size) {
        if (page < 0) {
            throw new InvalidOrder("page", "must be 0 or more");
        }
        if (size < 1 || size > settings.maxPageSize()) {
            throw new InvalidOrder("size", "must be between 1 and " + settings.maxPageSize());
        }
        if ((page + 1L) * size > settings.maxListingDepth()) {
            throw new InvalidOrder(
                    "page",
                    "x size must stay within the first " + settings.maxListingDepth()
                            + " orders; narrow the query instead");
        }
    }

    private static OrderStatus status(String status) {
        if (status == null || status.isBlank()) {
            throw new InvalidOrder("status", "is required, one of " + Arrays.toString(OrderStatus.values()));
        }
        try {
            return OrderStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidOrder("status", "must be one of " + Arrays.toString(OrderStatus.values()));
        }
    }
}
