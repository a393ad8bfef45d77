package dev.patternshop.order.messaging;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.Topics;
import dev.patternshop.order.domain.OrderEvent;
import dev.patternshop.order.sharding.CustomerShard;
import dev.patternshop.outbox.Outbox;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps the aggregate's events onto the shared contracts ({@code infra/event-contracts}) and appends them to the
 * shard's outbox with their envelope (message id = the contract's event id, correlation id = the order id, the
 * current trace); the relay publishes them to {@link Topics#ORDER_EVENTS}, keyed by the order id.
 */
@Component
class OutboxOrderEvents implements OrderEvents {

    private final JsonMapper json;

    OutboxOrderEvents(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void append(CustomerShard shard, List<OrderEvent> events) {
        for (OrderEvent event : events) {
            switch (event) {
                case OrderEvent.OrderPlaced placed -> appendOrderPlaced(shard, placed);
                // The saga's events get their contracts with the saga; until then nothing raises them in the
                // service, and one that did must not be dropped silently.
                case OrderEvent.StockRequested _,
                        OrderEvent.PaymentRequested _,
                        OrderEvent.OrderConfirmed _,
                        OrderEvent.OrderCancelled _ -> throw noContractFor(event);
            }
        }
    }

    /** The first message of a checkout: its correlation id is the order id, nothing caused it. */
    private void appendOrderPlaced(CustomerShard shard, OrderEvent.OrderPlaced placed) {
        String orderId = placed.orderId().toString();
        Envelope envelope =
                Envelope.first(dev.patternshop.events.order.v1.OrderPlaced.TYPE, orderId, placed.occurredAt());
        var contract = new dev.patternshop.events.order.v1.OrderPlaced(
                envelope.messageId(),
                orderId,
                placed.customerId(),
                placed.lines().stream()
                        .map(line -> new dev.patternshop.events.order.v1.OrderPlaced.Line(
                                line.productId(), line.sku(), line.name(), line.unitPriceMinor(), line.quantity()))
                        .toList(),
                placed.totalMinor(),
                placed.currency(),
                placed.occurredAt());
        Outbox.append(
                shard.cluster().primaryJdbc(),
                Topics.ORDER_EVENTS,
                orderId,
                envelope,
                json.writeValueAsString(contract));
    }

    private static IllegalStateException noContractFor(OrderEvent event) {
        return new IllegalStateException(event.getClass().getSimpleName() + " has no published contract yet");
    }
}
