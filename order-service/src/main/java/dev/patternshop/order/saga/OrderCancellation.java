package dev.patternshop.order.saga;

import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.sharding.ShardClusters;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** A customer cancels their own order, before it is confirmed; the saga compensates what it had done. */
@Service
public class OrderCancellation {

    private final ShardClusters clusters;
    private final SagaOrchestrator orchestrator;

    OrderCancellation(ShardClusters clusters, SagaOrchestrator orchestrator) {
        this.clusters = clusters;
        this.orchestrator = orchestrator;
    }

    /**
     * @return the cancelled order; empty for an id that is not one of the caller's orders (no such order, or another
     *     customer's: the same answer)
     * @throws dev.patternshop.order.domain.IllegalOrderTransition when it is confirmed, cancelled or being confirmed
     */
    public Optional<Order> cancel(String customerId, String id) {
        return OrderId.parse(id)
                .filter(clusters.directory()::holds)
                .flatMap(orderId -> orchestrator.cancelByCustomer(customerId, orderId, clusters.forOrder(orderId)));
    }
}
