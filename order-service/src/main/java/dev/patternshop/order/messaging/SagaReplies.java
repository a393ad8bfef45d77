package dev.patternshop.order.messaging;

import dev.patternshop.events.Topics;
import dev.patternshop.events.inventory.v1.CommitReservation;
import dev.patternshop.events.inventory.v1.InventoryCommandRejected;
import dev.patternshop.events.inventory.v1.ReleaseReservation;
import dev.patternshop.events.inventory.v1.ReservationCommitted;
import dev.patternshop.events.inventory.v1.ReservationReleased;
import dev.patternshop.events.inventory.v1.StockReservationRejected;
import dev.patternshop.events.inventory.v1.StockReserved;
import dev.patternshop.events.payment.v1.AuthorizePayment;
import dev.patternshop.events.payment.v1.PaymentAuthorized;
import dev.patternshop.events.payment.v1.PaymentCommandRejected;
import dev.patternshop.events.payment.v1.PaymentDeclined;
import dev.patternshop.events.payment.v1.PaymentFailed;
import dev.patternshop.events.payment.v1.PaymentVoided;
import dev.patternshop.events.payment.v1.VoidPayment;
import dev.patternshop.inbox.InboxConsumer;
import dev.patternshop.inbox.InboxConsumers;
import dev.patternshop.inbox.InboxDatabases;
import dev.patternshop.inbox.UnknownTypes;
import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.saga.SagaOrchestrator;
import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.order.sharding.ShardClusters;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The saga's ears: the participants' replies on {@link Topics#INVENTORY_EVENTS} and {@link Topics#PAYMENT_EVENTS},
 * one handler per reply type, each applied once (the inbox) in the transaction that changes the saga. The inbox row
 * goes to the order's shard (the record key is the order id), beside the saga it changes; a key that names no order
 * of ours goes to the first cluster and its reply is ignored there. Both instances of the service share the topics'
 * partitions; one order's replies are on one partition, so they arrive in order.
 */
@Configuration(proxyBeanMethods = false)
class SagaReplies {

    @Bean
    InboxConsumer inventoryReplies(InboxConsumers consumers, ShardClusters clusters, SagaOrchestrator saga) {
        return consumers
                .consumer("inventory-replies", Topics.INVENTORY_EVENTS)
                .on(
                        StockReserved.TYPE,
                        StockReserved.class,
                        (reply, envelope) ->
                                saga.onReply(reply.orderId(), envelope, (s, order, now) -> s.stockReserved(order, now)))
                .on(
                        StockReservationRejected.TYPE,
                        StockReservationRejected.class,
                        (reply, envelope) -> saga.onReply(
                                reply.orderId(),
                                envelope,
                                (s, order, now) -> s.stockRefused(order, reply.reason(), now)))
                .on(
                        ReservationCommitted.TYPE,
                        ReservationCommitted.class,
                        (reply, envelope) -> saga.onReply(
                                reply.orderId(), envelope, (s, order, now) -> s.reservationCommitted(order, now)))
                .on(
                        ReservationReleased.TYPE,
                        ReservationReleased.class,
                        (reply, envelope) -> saga.onReply(
                                reply.orderId(),
                                envelope,
                                (s, order, now) -> s.reservationReleased(order, reply.reason(), now)))
                .on(
                        InventoryCommandRejected.TYPE,
                        InventoryCommandRejected.class,
                        (reply, envelope) ->
                                saga.onReply(reply.orderId(), envelope, (s, order, now) -> switch (reply.command()) {
                                    case CommitReservation.TYPE -> s.commitRefused(order, reply.reason(), now);
                                    case ReleaseReservation.TYPE -> s.releaseRefused(reply.reason(), now);
                                    default -> false;
                                }))
                // StockChanged and whatever inventory publishes later are not replies to the saga.
                .unknownTypes(UnknownTypes.IGNORE)
                .build(byOrder(clusters));
    }

    @Bean
    InboxConsumer paymentReplies(InboxConsumers consumers, ShardClusters clusters, SagaOrchestrator saga) {
        return consumers
                .consumer("payment-replies", Topics.PAYMENT_EVENTS)
                .on(
                        PaymentAuthorized.TYPE,
                        PaymentAuthorized.class,
                        (reply, envelope) ->
                                saga.onReply(reply.orderId(), envelope, (s, order, now) -> s.paymentAuthorized(now)))
                .on(
                        PaymentDeclined.TYPE,
                        PaymentDeclined.class,
                        (reply, envelope) -> saga.onReply(
                                reply.orderId(),
                                envelope,
                                (s, order, now) -> s.paymentDeclined(order, reply.reason(), now)))
                .on(
                        PaymentFailed.TYPE,
                        PaymentFailed.class,
                        (reply, envelope) -> saga.onReply(
                                reply.orderId(),
                                envelope,
                                (s, order, now) -> s.paymentFailed(order, reply.reason(), reply.retryable(), now)))
                .on(
                        PaymentVoided.TYPE,
                        PaymentVoided.class,
                        (reply, envelope) ->
                                saga.onReply(reply.orderId(), envelope, (s, order, now) -> s.paymentVoided(now)))
                .on(
                        PaymentCommandRejected.TYPE,
                        PaymentCommandRejected.class,
                        (reply, envelope) ->
                                saga.onReply(reply.orderId(), envelope, (s, order, now) -> switch (reply.command()) {
                                    case AuthorizePayment.TYPE -> s.authorizationRefused(order, reply.reason(), now);
                                    case VoidPayment.TYPE -> s.voidRefused(reply.reason(), now);
                                    default -> false;
                                }))
                // PaymentRefunded: the saga never refunds (there is no capture to give back).
                .unknownTypes(UnknownTypes.IGNORE)
                .build(byOrder(clusters));
    }

    /** The inbox of a reply is on the shard of the order its key names. */
    private static InboxDatabases byOrder(ShardClusters clusters) {
        List<DataSource> primaries =
                clusters.all().stream().map(ShardCluster::primary).toList();
        DataSource fallback = primaries.getFirst();
        return InboxDatabases.routed(
                key -> OrderId.parse(key)
                        .filter(clusters.directory()::holds)
                        .map(id -> clusters.forOrder(id).primary())
                        .orElse(fallback),
                primaries);
    }
}
