package dev.patternshop.order.saga;

import dev.patternshop.events.Envelope;
import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.domain.OrderSaga;
import dev.patternshop.order.domain.SagaPolicy;
import dev.patternshop.order.domain.SagaState;
import dev.patternshop.order.persistence.Orders;
import dev.patternshop.order.persistence.Sagas;
import dev.patternshop.order.sharding.CustomerShard;
import dev.patternshop.order.sharding.ShardCluster;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Runs the checkout saga ({@link OrderSaga}) of each order: starts it with the order, applies each participant's
 * reply, lets the supervisor push a saga whose time has come, and lets a customer cancel. Every change is one
 * transaction on the order's shard primary, the caller's: the inbox's for a reply (so the reply is recorded as
 * handled in the same commit), the placement's for a start, the supervisor's or the cancel's own otherwise. In it:
 * the saga row locked, the order's new status, the saga's log, and the outbox rows of its commands and the order's
 * events.
 */
@Service
public class SagaOrchestrator {

    private static final Logger LOG = LoggerFactory.getLogger(SagaOrchestrator.class);

    private final Orders orders;
    private final Sagas sagas;
    private final SagaMessages messages;
    private final SagaPolicy policy;
    private final Clock clock;
    private final Counter applied;
    private final Counter ignored;
    private final MeterRegistry meters;

    SagaOrchestrator(
            Orders orders,
            Sagas sagas,
            SagaMessages messages,
            SagaSettings settings,
            Clock clock,
            MeterRegistry meters) {
        this.orders = orders;
        this.sagas = sagas;
        this.messages = messages;
        this.policy = settings.policy();
        this.clock = clock;
        this.meters = meters;
        this.applied = replies(meters, "applied");
        this.ignored = replies(meters, "ignored");
    }

    /**
     * Stores a just-placed order with its saga, in the placement's transaction: the order awaits its stock, and
     * OrderPlaced, StockRequested and the ReserveStock command go to the outbox in the same commit.
     */
    public void start(CustomerShard shard, Order order) {
        OrderSaga saga = OrderSaga.start(order, policy, order.createdAt());
        orders.add(shard, order);
        sagas.add(saga);
        messages.append(order, saga, null);
        afterCommit(() -> meters.counter("saga.started").increment());
    }

    /**
     * Applies a participant's reply to the order's saga, in the caller's (the inbox's) transaction.
     *
     * @return false when the saga no longer waited for it (a duplicate, a reply overtaken by a re-send, an order that
     *     ended, an order this service does not have): nothing changed
     */
    public boolean onReply(String orderId, Envelope reply, Decision decision) {
        Optional<OrderId> id = OrderId.parse(orderId);
        Optional<OrderSaga> saga = id.flatMap(known -> sagas.lock(known, policy));
        if (saga.isEmpty()) {
            LOG.info(
                    "{} for order {} ignored: no saga of this service",
                    reply.type(),
                    id.map(OrderId::toString).orElse("(unusable id)"));
            ignored.increment();
            return false;
        }
        Order order = orderOf(saga.get());
        Instant now = now();
        if (!decision.apply(saga.get(), order, now)) {
            LOG.debug(
                    "{} for order {} ignored: the saga is {}",
                    reply.type(),
                    orderId,
                    saga.get().state());
            ignored.increment();
            return false;
        }
        store(order, saga.get(), reply);
        afterCommit(applied::increment);
        return true;
    }

    /**
     * The supervisor's look at one due saga, in the caller's transaction on its cluster (the saga's row is locked here).
     *
     * @return whether the saga did something (false: another instance got there first)
     */
    boolean onTimeUp(OrderId id) {
        Optional<OrderSaga> saga = sagas.lock(id, policy);
        if (saga.isEmpty()) {
            return false;
        }
        Order order = orderOf(saga.get());
        SagaState before = saga.get().state();
        if (!saga.get().timeUp(order, now())) {
            return false;
        }
        store(order, saga.get(), null);
        afterCommit(
                () -> meters.counter("saga.timeouts", "state", before.name()).increment());
        return true;
    }

    /**
     * The customer cancels their order, in a transaction of its own on the order's shard.
     *
     * @throws dev.patternshop.order.domain.IllegalOrderTransition when it is confirmed, cancelled, or past its pivot
     * @return the order as cancelled, or empty when the customer has no such order
     */
    public Optional<Order> cancelByCustomer(String customerId, OrderId id, ShardCluster cluster) {
        return cluster.inTransaction(tx -> {
            Optional<OrderSaga> saga = sagas.lock(id, policy);
            if (saga.isEmpty()) {
                return Optional.<Order>empty();
            }
            Order order = orderOf(saga.get());
            if (!order.belongsTo(customerId)) {
                return Optional.<Order>empty();
            }
            saga.get().cancelByCustomer(order, now());
            store(order, saga.get(), null);
            return Optional.of(order);
        });
    }

    private void store(Order order, OrderSaga saga, Envelope cause) {
        sagas.update(saga);
        if (!order.events().isEmpty()) {
            orders.update(order);
        }
        messages.append(order, saga, cause);
        // Counted once the change is committed: a rolled-back change is redelivered and decided again.
        afterCommit(() -> {
            if (saga.compensationFailed()) {
                LOG.warn(
                        "Order {}: a compensation failed for good and needs an operator: {}",
                        order.id(),
                        saga.newSteps());
                meters.counter("saga.compensations.failed").increment();
            }
            if (saga.state().hasEnded()) {
                ended(saga);
            }
        });
    }

    private void ended(OrderSaga saga) {
        meters.counter(
                        "saga.ended",
                        "state",
                        saga.state().name(),
                        "reason",
                        saga.reason().orElse("none"))
                .increment();
        if (saga.state() == SagaState.CONFIRMED) {
            Timer.builder("saga.time.to.confirm")
                    .description("from placing an order to its confirmation")
                    .publishPercentileHistogram()
                    .register(meters)
                    .record(Duration.between(saga.startedAt(), saga.updatedAt()));
        }
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    private Order orderOf(OrderSaga saga) {
        return orders.onPrimary(saga.orderId())
                .orElseThrow(() -> new IllegalStateException("saga without its order: " + saga.orderId()));
    }

    /** To the microsecond, as Postgres keeps it: a time read back equals the one decided with. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Counter replies(MeterRegistry meters, String outcome) {
        return Counter.builder("saga.replies")
                .tag("outcome", outcome)
                .description("participants' replies the saga applied, or ignored as duplicates or late")
                .register(meters);
    }

    /** What one kind of reply does to a saga; false when the saga does not wait for it. */
    @FunctionalInterface
    public interface Decision {
        boolean apply(OrderSaga saga, Order order, Instant now);
    }
}
