package dev.patternshop.order.saga;

import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.domain.SagaState;
import dev.patternshop.order.persistence.Sagas;
import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.order.sharding.ShardClusters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The scheduler-agent-supervisor's supervisor: every {@code orders.saga.supervisor.interval}, on each shard cluster,
 * finds the sagas whose time has come (a step not answered in time, a scheduled retry, an order past its deadline, a
 * compensation not acknowledged) and lets each decide ({@code OrderSaga.timeUp}): send its command again with a new
 * message id, or give up and compensate. Every instance runs one; each saga is changed under its row lock, so a
 * saga another instance's supervisor (or a reply) changed first is no longer due when this one gets it.
 */
@Component
public class SagaSupervisor implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(SagaSupervisor.class);

    private final ShardClusters clusters;
    private final Sagas sagas;
    private final SagaOrchestrator orchestrator;
    private final SagaSettings.Supervisor settings;
    private final Clock clock;
    private final Map<String, Map<String, Long>> statesByCluster = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    SagaSupervisor(
            ShardClusters clusters,
            Sagas sagas,
            SagaOrchestrator orchestrator,
            SagaSettings settings,
            Clock clock,
            MeterRegistry meters) {
        this.clusters = clusters;
        this.sagas = sagas;
        this.orchestrator = orchestrator;
        this.settings = settings.supervisor();
        this.clock = clock;
        for (SagaState state : SagaState.values()) {
            if (state.hasEnded()) {
                continue; // ended sagas are counted by saga.ended
            }
            Gauge.builder("saga.active", () -> count(state.name()))
                    .tag("state", state.name())
                    .description("sagas not ended, by state, every shard cluster (as of the supervisor's last look)")
                    .register(meters);
        }
    }

    /** One look at every cluster; returns how many sagas did something (tests call it, with their own clock). */
    public int superviseOnce() {
        int acted = 0;
        for (ShardCluster cluster : clusters.all()) {
            try {
                acted += superviseOnce(cluster);
            } catch (RuntimeException e) {
                // A cluster that is down is looked at again next time; the others go on.
                LOG.warn("Saga supervisor could not look at cluster {}: {}", cluster.name(), e.toString());
            }
        }
        return acted;
    }

    private int superviseOnce(ShardCluster cluster) {
        int acted = 0;
        // One transaction per saga: a saga that fails (its order's row broken, a constraint) is logged and the
        // others go on; it is due again at the next look.
        for (OrderId id : sagas.due(cluster, clock.instant(), settings.batch())) {
            try {
                if (cluster.inTransaction(tx -> orchestrator.onTimeUp(id))) {
                    acted++;
                }
            } catch (DataAccessResourceFailureException | CannotCreateTransactionException e) {
                // The cluster is unreachable: every other saga of it would wait out the same timeouts, and the
                // other clusters' sagas behind them. Leave this cluster until the next look.
                throw e;
            } catch (RuntimeException e) {
                LOG.warn("Saga of order {} could not be supervised: {}", id, e.toString());
            }
        }
        statesByCluster.put(cluster.name(), sagas.countActiveByState(cluster));
        return acted;
    }

    private double count(String state) {
        return statesByCluster.values().stream()
                .mapToLong(counts -> counts.getOrDefault(state, 0L))
                .sum();
    }

    @Override
    public synchronized void start() {
        if (!settings.enabled() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("saga-supervisor").daemon().factory());
        long interval = settings.interval().toMillis();
        executor.scheduleWithFixedDelay(this::superviseOnce, interval, interval, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
