package dev.patternshop.order.messaging;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.Topics;
import dev.patternshop.events.order.v1.OrderCancelled;
import dev.patternshop.events.order.v1.OrderConfirmed;
import dev.patternshop.events.order.v1.OrderPlaced;
import dev.patternshop.events.order.v1.PaymentRequested;
import dev.patternshop.events.order.v1.StockRequested;
import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.OrderEvent;
import dev.patternshop.order.domain.OrderSaga;
import dev.patternshop.order.domain.SagaCommand;
import dev.patternshop.order.saga.SagaMessages;
import dev.patternshop.order.sharding.ShardClusters;
import dev.patternshop.outbox.Outbox;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps the order's events and the saga's commands onto the shared contracts ({@code infra/event-contracts}) and
 * appends them to the order shard's outbox, in the caller's transaction. Everything about one order is keyed by the
 * order id and correlated by it: the relay publishes a shard's rows in order, so a participant sees one order's
 * commands in the order they were decided (a release never overtakes the reserve it undoes).
 *
 * <ul>
 *   <li>order events -> {@link Topics#ORDER_EVENTS} (message id = the contract's event id);
 *   <li>ReserveStock, CommitReservation, ReleaseReservation -> {@link Topics#INVENTORY_COMMANDS};
 *   <li>AuthorizePayment, VoidPayment -> {@link Topics#PAYMENT_COMMANDS}.
 * </ul>
 *
 * A command decided while handling a reply is caused by it (causation id); one decided by the supervisor, a placement
 * or a customer starts a new causal chain within the order's correlation. Every send has a new message id: a re-sent
 * command is a new message, and the participants recognise the repeat by the order, not by the message.
 */
@Component
class OutboxSagaMessages implements SagaMessages {

    private final ShardClusters clusters;
    private final JsonMapper json;

    OutboxSagaMessages(ShardClusters clusters, JsonMapper json) {
        this.clusters = clusters;
        this.json = json;
    }

    @Override
    public void append(Order order, OrderSaga saga, Envelope cause) {
        JdbcClient outbox = clusters.forOrder(order.id()).primaryJdbc();
        for (OrderEvent event : order.events()) {
            appendEvent(outbox, event);
        }
        Instant at = saga.updatedAt();
        for (SagaCommand command : saga.commands()) {
            appendCommand(outbox, order, command, cause, at);
        }
    }

    private void appendEvent(JdbcClient outbox, OrderEvent event) {
        String orderId = event.orderId().toString();
        // Each order event starts from the order itself: correlated by the order, caused by nothing outside it; its
        // message id is the contract's event id (one id names the event everywhere).
        Envelope envelope = Envelope.first(typeOf(event), orderId, event.occurredAt());
        UUID id = envelope.messageId();
        Record contract = switch (event) {
            case OrderEvent.OrderPlaced placed ->
                new OrderPlaced(
                        id,
                        orderId,
                        placed.customerId(),
                        placed.lines().stream()
                                .map(line -> new OrderPlaced.Line(
                                        line.productId(),
                                        line.sku(),
                                        line.name(),
                                        line.unitPriceMinor(),
                                        line.quantity()))
                                .toList(),
                        placed.totalMinor(),
                        placed.currency(),
                        placed.occurredAt());
            case OrderEvent.StockRequested requested ->
                new StockRequested(id, orderId, requested.customerId(), requested.occurredAt());
            case OrderEvent.PaymentRequested requested ->
                new PaymentRequested(id, orderId, requested.customerId(), requested.occurredAt());
            case OrderEvent.OrderConfirmed confirmed ->
                new OrderConfirmed(
                        id,
                        orderId,
                        confirmed.customerId(),
                        confirmed.totalMinor(),
                        confirmed.currency(),
                        confirmed.occurredAt());
            case OrderEvent.OrderCancelled cancelled ->
                new OrderCancelled(
                        id,
                        orderId,
                        cancelled.customerId(),
                        cancelled.cancelledWhile().name(),
                        cancelled.reason(),
                        cancelled.detail(),
                        cancelled.occurredAt());
        };
        Outbox.append(outbox, Topics.ORDER_EVENTS, orderId, envelope, json.writeValueAsString(contract));
    }

    private static String typeOf(OrderEvent event) {
        return switch (event) {
            case OrderEvent.OrderPlaced e -> OrderPlaced.TYPE;
            case OrderEvent.StockRequested e -> StockRequested.TYPE;
            case OrderEvent.PaymentRequested e -> PaymentRequested.TYPE;
            case OrderEvent.OrderConfirmed e -> OrderConfirmed.TYPE;
            case OrderEvent.OrderCancelled e -> OrderCancelled.TYPE;
        };
    }

    private void appendCommand(JdbcClient outbox, Order order, SagaCommand command, Envelope cause, Instant at) {
        String orderId = order.id().toString();
        SagaCommandContracts.Mapped mapped = SagaCommandContracts.map(order, command);
        Envelope envelope = cause == null ? Envelope.first(mapped.type(), orderId, at) : cause.next(mapped.type(), at);
        Outbox.append(outbox, mapped.topic(), orderId, envelope, json.writeValueAsString(mapped.contract()));
    }
}
