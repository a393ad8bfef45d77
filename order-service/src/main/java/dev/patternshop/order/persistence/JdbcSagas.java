package dev.patternshop.order.persistence;

import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.domain.OrderSaga;
import dev.patternshop.order.domain.SagaPolicy;
import dev.patternshop.order.domain.SagaState;
import dev.patternshop.order.domain.SagaStep;
import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.order.sharding.ShardClusters;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Sagas in {@code order_saga} and their logs in {@code order_saga_step}, on the order's cluster primary. */
@Repository
class JdbcSagas implements Sagas {

    private static final String COLUMNS = """
            order_id, state, attempts, due_at, order_deadline, release_pending, void_pending, reason, started_at,
            updated_at""";

    private final ShardClusters clusters;

    JdbcSagas(ShardClusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public void add(OrderSaga saga) {
        JdbcClient db = primary(saga.orderId());
        db.sql("insert into order_saga (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .param(saga.orderId().value())
                .param(saga.state().name())
                .param(saga.attempts())
                .param(saga.dueAt().map(JdbcSagas::timestamp).orElse(null))
                .param(timestamp(saga.orderDeadline()))
                .param(saga.releasePending())
                .param(saga.voidPending())
                .param(saga.reason().orElse(null))
                .param(timestamp(saga.startedAt()))
                .param(timestamp(saga.updatedAt()))
                .update();
        appendSteps(db, saga);
    }

    @Override
    public Optional<OrderSaga> lock(OrderId id, SagaPolicy policy) {
        if (!clusters.directory().holds(id)) {
            return Optional.empty();
        }
        return primary(id)
                .sql("select " + COLUMNS + " from order_saga where order_id = ? for update")
                .param(id.value())
                .query((rs, n) -> saga(rs, policy))
                .optional();
    }

    @Override
    public void update(OrderSaga saga) {
        JdbcClient db = primary(saga.orderId());
        db.sql("""
                        update order_saga set state = ?, attempts = ?, due_at = ?, release_pending = ?, void_pending = ?,
                        reason = ?, updated_at = ? where order_id = ?""")
                .param(saga.state().name())
                .param(saga.attempts())
                .param(saga.dueAt().map(JdbcSagas::timestamp).orElse(null))
                .param(saga.releasePending())
                .param(saga.voidPending())
                .param(saga.reason().orElse(null))
                .param(timestamp(saga.updatedAt()))
                .param(saga.orderId().value())
                .update();
        appendSteps(db, saga);
    }

    @Override
    public List<OrderId> due(ShardCluster cluster, Instant now, int limit) {
        return cluster.primaryJdbc()
                .sql("select order_id from order_saga where due_at <= ? order by due_at limit ?")
                .param(timestamp(now))
                .param(limit)
                .query((rs, n) -> new OrderId(rs.getLong("order_id")))
                .list();
    }

    @Override
    public List<SagaStep> steps(OrderId id, long minLogPosition) {
        if (!clusters.directory().holds(id)) {
            return List.of();
        }
        // Like the order itself: the replica when it has replayed what the caller saw, else the primary; while the
        // primary is down, the replica alone.
        ShardCluster cluster = clusters.forOrder(id);
        return cluster.reads()
                .read(
                        cluster.admit(minLogPosition),
                        db -> db.sql(
                                        "select step, outcome, detail, at from order_saga_step where order_id = ? order by seq")
                                .param(id.value())
                                .query((rs, n) -> new SagaStep(
                                        rs.getString("step"),
                                        rs.getString("outcome"),
                                        rs.getString("detail"),
                                        instant(rs, "at")))
                                .list());
    }

    @Override
    public Map<String, Long> countActiveByState(ShardCluster cluster) {
        Map<String, Long> counts = new LinkedHashMap<>();
        // Sagas that have not ended are exactly those with a due time: the partial index covers them.
        cluster.primaryJdbc()
                .sql("select state, count(*) as n from order_saga where due_at is not null group by state")
                .query(rs -> {
                    counts.put(rs.getString("state"), rs.getLong("n"));
                });
        return counts;
    }

    private void appendSteps(JdbcClient db, OrderSaga saga) {
        List<SagaStep> steps = saga.newSteps();
        if (steps.isEmpty()) {
            return;
        }
        // The saga's row is locked (or just inserted) by this transaction, so the next sequence number is ours.
        int next = db.sql("select coalesce(max(seq), 0) + 1 from order_saga_step where order_id = ?")
                .param(saga.orderId().value())
                .query(Integer.class)
                .single();
        for (SagaStep step : steps) {
            db.sql("insert into order_saga_step (order_id, seq, step, outcome, detail, at) values (?, ?, ?, ?, ?, ?)")
                    .param(saga.orderId().value())
                    .param(next++)
                    .param(step.step())
                    .param(step.outcome())
                    .param(step.detail())
                    .param(timestamp(step.at()))
                    .update();
        }
    }

    private JdbcClient primary(OrderId id) {
        return clusters.forOrder(id).primaryJdbc();
    }

    private static OrderSaga saga(ResultSet rs, SagaPolicy policy) throws SQLException {
        OffsetDateTime due = rs.getObject("due_at", OffsetDateTime.class);
        return OrderSaga.restore(
                policy,
                new OrderId(rs.getLong("order_id")),
                SagaState.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                due == null ? null : due.toInstant(),
                instant(rs, "order_deadline"),
                rs.getBoolean("release_pending"),
                rs.getBoolean("void_pending"),
                rs.getString("reason"),
                instant(rs, "started_at"),
                instant(rs, "updated_at"));
    }

    private static OffsetDateTime timestamp(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
