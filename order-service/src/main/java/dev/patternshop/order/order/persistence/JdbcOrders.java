package dev.patternshop.order.order.persistence;

import dev.patternshop.events.Topics;
import dev.patternshop.events.order.v1.OrderPlaced;
import dev.patternshop.order.order.IdempotencyKey;
import dev.patternshop.order.order.IdempotencyKeyReused;
import dev.patternshop.order.order.InvalidOrder;
import dev.patternshop.order.order.Order;
import dev.patternshop.order.order.OrderLine;
import dev.patternshop.order.order.OrderPage;
import dev.patternshop.order.order.OrderStatus;
import dev.patternshop.order.order.OrderSummary;
import dev.patternshop.order.order.Orders;
import dev.patternshop.order.order.PricedOrder;
import dev.patternshop.order.order.ShardUnavailable;
import dev.patternshop.order.order.TooManyPendingOrders;
import dev.patternshop.order.sharding.OrderId;
import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.order.sharding.ShardClusters;
import dev.patternshop.outbox.Outbox;
import dev.patternshop.replication.ConsistencyToken;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import dev.patternshop.order.order.application.OrderSettings;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orders in Postgres, one shard cluster per customer: writes (order, lines, idempotency key, outbox row) in one
 * transaction on the cluster's primary; reads through the cluster's {@link dev.patternshop.replication.ReadRouting}.
 */
@Repository
public class JdbcOrders implements Orders, AutoCloseable {

    private static final String SUMMARY_COLUMNS = """
            o.id, o.customer_id, o.status, o.total_minor, o.currency, o.created_at, o.updated_at,
            (select count(*) from order_line l where l.order_id = o.id) as item_count""";

    /** First key of the per-customer placement lock (two-int advisory locks; the outbox relay uses 0x0b0c). */
    private static final int PLACEMENT_LOCK_CLASS = 0x0d0e;

    private final ShardClusters clusters;
    private final JsonMapper json;
    private final Duration scatterTimeout;
    private final int keyCleanupBatch;
    private final int maxPendingPerCustomer;
    // Virtual threads: a scatter-gather waits on one connection per cluster at once, no CPU work.
    private final ExecutorService scatter = Executors.newVirtualThreadPerTaskExecutor();

    public JdbcOrders(ShardClusters clusters, JsonMapper json, OrderSettings settings) {
        this.clusters = clusters;
        this.json = json;
        this.scatterTimeout = settings.scatterTimeout();
        this.keyCleanupBatch = settings.keyCleanupBatch();
        this.maxPendingPerCustomer = settings.maxPendingPerCustomer();
    }

    @Override
    public Optional<Placement> replay(String customerId, IdempotencyKey key, String fingerprint) {
        ShardCluster cluster = clusters.forCustomer(customerId);
        return findByIdempotencyKey(cluster, customerId, key).map(earlier -> {
            if (!earlier.fingerprint().equals(fingerprint)) {
                throw new IdempotencyKeyReused(key);
            }
            return new Placement(earlier.order(), true, cluster.primaryPosition());
        });
    }

    private Optional<KeyedOrder> findByIdempotencyKey(ShardCluster cluster, String customerId, IdempotencyKey key) {
        // On the primary: a key must be seen the moment it is committed, or a retry would order twice.
        return cluster.primaryJdbc().sql("""
                        select order_id, request_hash from idempotency_key
                        where customer_id = ? and key = ? and expires_at > clock_timestamp()""")
                .param(customerId).param(key.value())
                .query((rs, n) -> new KeyRow(rs.getLong("order_id"), rs.getString("request_hash")))
                .optional()
                .flatMap(row -> load(cluster.primaryJdbc(), new OrderId(row.orderId()))
                        .map(order -> new KeyedOrder(order, row.fingerprint())));
    }

    @Override
    public Placement place(PricedOrder priced, IdempotencyKey key, String fingerprint, Duration keyRetention) {
        ShardCluster cluster = clusters.forCustomer(priced.customerId());
        int logicalShard = clusters.directory().logicalShardOf(priced.customerId());
        Order stored = inTransaction(cluster, tx -> {
            JdbcClient db = cluster.primaryJdbc();
            // One placement per customer at a time on its shard, until commit: the pending count below and the
            // insert cannot interleave with another request's, so concurrent requests cannot pass the cap together.
            db.sql("select pg_advisory_xact_lock(?, hashtext(?))").param(PLACEMENT_LOCK_CLASS).param(priced.customerId())
                    .query((rs, n) -> n).list();
            // An expired key is free again (the cleanup job may not have reached it yet).
            db.sql("delete from idempotency_key where customer_id = ? and key = ? and expires_at <= clock_timestamp()")
                    .param(priced.customerId()).param(key.value()).update();
            // A request that waited for the lock behind one with the same key is a retry: answered as a replay,
            // even when the order it replays filled the cap.
            if (db.sql("select exists(select 1 from idempotency_key where customer_id = ? and key = ?)")
                    .param(priced.customerId()).param(key.value()).query(Boolean.class).single()) {
                tx.setRollbackOnly();
                return null;
            }
            long pending = db.sql("""
                            select count(*) from (select 1 from orders where customer_id = ? and status = ? limit ?) p""")
                    .param(priced.customerId()).param(OrderStatus.PENDING.name()).param(maxPendingPerCustomer)
                    .query(Long.class).single();
            if (pending >= maxPendingPerCustomer) {
                throw new TooManyPendingOrders(maxPendingPerCustomer); // rolls back: nothing written
            }
            Order order = insertOrder(db, priced, logicalShard);
            // A concurrent request with the same key waits here for the first one's commit, then finds the key taken.
            int claimed = db.sql("""
                            insert into idempotency_key (customer_id, key, request_hash, order_id, expires_at)
                            values (?, ?, ?, ?, clock_timestamp() + make_interval(secs => ?))
                            on conflict (customer_id, key) do nothing""")
                    .param(priced.customerId()).param(key.value()).param(fingerprint).param(order.id().value())
                    .param((double) keyRetention.toSeconds())
                    .update();
            if (claimed == 0) {
                tx.setRollbackOnly();
                return null;
            }
            appendOrderPlaced(db, order);
            return order;
        });
        if (stored != null) {
            return new Placement(stored, false, cluster.primaryPosition());
        }
        return replay(priced.customerId(), key, fingerprint).orElseThrow(() -> new IllegalStateException(
                "idempotency key " + key.value() + " was taken, then vanished"));
    }

    /**
     * A statement that fails because the primary is gone (socket timeout, lost connection) closes the connection,
     * so the rollback fails too, and Spring reports that rollback failure (TransactionSystemException) instead of
     * the first one. The first failure is what happened: it decides the answer (503 for an outage).
     */
    private static <T> T inTransaction(ShardCluster cluster, TransactionCallback<T> work) {
        try {
            return cluster.transactions().execute(work);
        } catch (TransactionSystemException e) {
            if (e.getApplicationException() instanceof RuntimeException first) {
                first.addSuppressed(e);
                throw first;
            }
            throw e;
        }
    }

    private Order insertOrder(JdbcClient db, PricedOrder priced, int logicalShard) {
        // One clock per cluster (the database's): ids and timestamps agree whichever instance writes.
        IdSource source = db.sql("select nextval('order_id_seq') as sequence, clock_timestamp() as now")
                .query((rs, n) -> new IdSource(rs.getLong("sequence"), instant(rs, "now"))).single();
        OrderId id = OrderId.compose(source.now(), logicalShard, source.sequence());
        db.sql("""
                        insert into orders (id, logical_shard, customer_id, status, total_minor, currency, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .param(id.value()).param(logicalShard).param(priced.customerId()).param(OrderStatus.PENDING.name())
                .param(priced.totalMinor()).param(priced.currency())
                .param(OffsetDateTime.ofInstant(source.now(), ZoneOffset.UTC))
                .param(OffsetDateTime.ofInstant(source.now(), ZoneOffset.UTC))
                .update();
        for (int i = 0; i < priced.lines().size(); i++) {
            OrderLine line = priced.lines().get(i);
            db.sql("""
                            insert into order_line (order_id, line_no, product_id, sku, name, unit_price_minor, quantity)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .param(id.value()).param(i + 1).param(line.productId()).param(line.sku()).param(line.name())
                    .param(line.unitPriceMinor()).param(line.quantity())
                    .update();
        }
        return new Order(id, priced.customerId(), OrderStatus.PENDING, priced.lines(), priced.totalMinor(),
                priced.currency(), source.now(), source.now());
    }

    private void appendOrderPlaced(JdbcClient db, Order order) {
        UUID eventId = UUID.randomUUID();
        OrderPlaced event = new OrderPlaced(eventId, order.id().toString(), order.customerId(),
                order.lines().stream().map(line -> new OrderPlaced.Line(line.productId(), line.sku(), line.name(),
                        line.unitPriceMinor(), line.quantity())).toList(),
                order.totalMinor(), order.currency(), order.createdAt());
        Outbox.append(db, Topics.ORDER_EVENTS, order.id().toString(), OrderPlaced.TYPE, eventId,
                json.writeValueAsString(event));
    }

    @Override
    public Optional<Order> find(OrderId id, long minLogPosition) {
        if (!clusters.directory().holds(id)) {
            return Optional.empty();
        }
        ShardCluster cluster = clusters.forOrder(id);
        Optional<Order> order = cluster.reads().read(admissible(cluster, minLogPosition), db -> load(db, id));
        // A miss may be a replica that has not replayed the order yet: only the primary can say it does not exist.
        return order.isPresent() ? order : cluster.reads().readFromPrimary(db -> load(db, id));
    }

    @Override
    public OrderPage<Order> ofCustomer(String customerId, int page, int size, long minLogPosition) {
        ShardCluster cluster = clusters.forCustomer(customerId);
        return cluster.reads().read(admissible(cluster, minLogPosition), db -> {
            List<OrderSummary> rows = db.sql("select " + SUMMARY_COLUMNS + """
                             from orders o where o.customer_id = ?
                            order by o.created_at desc, o.id desc limit ? offset ?""")
                    .param(customerId).param(size + 1).param((long) page * size)
                    .query(JdbcOrders::summary).list();
            List<OrderSummary> pageRows = rows.subList(0, Math.min(size, rows.size()));
            Map<Long, List<OrderLine>> lines = lines(db, pageRows.stream().map(row -> row.id().value()).toList());
            List<Order> orders = pageRows.stream().map(row -> new Order(row.id(), row.customerId(), row.status(),
                    lines.getOrDefault(row.id().value(), List.of()), row.totalMinor(), row.currency(), row.createdAt(),
                    row.updatedAt())).toList();
            return new OrderPage<>(orders, page, size, rows.size() > size);
        });
    }

    /**
     * The log position a read may demand (a client's Consistency-Token). One the replica has replayed, or one this
     * instance has seen the primary pass, is used as it is. Beyond that the read would go to the primary anyway, so
     * the primary is asked first: a position past its own was never returned by a write, so it is refused (400)
     * rather than honoured, which would pin the client's reads to the primary for good. When the primary cannot
     * answer, nobody can honour such a token: it is clamped to what the replica has (the newest data there is while
     * the primary is down), so the read is served instead of failing with 503.
     */
    private static long admissible(ShardCluster cluster, long minLogPosition) {
        if (minLogPosition == 0 || cluster.replicaMonitor().canServe(minLogPosition)
                || minLogPosition <= cluster.knownPrimaryPosition()) {
            return minLogPosition;
        }
        long primary;
        try {
            primary = cluster.primaryPosition();
        } catch (DataAccessException e) {
            if (cluster.replicaMonitor().readsGoToReplica()) {
                return 0;
            }
            throw e;
        }
        if (minLogPosition > primary) {
            throw new InvalidOrder(ConsistencyToken.HEADER, "is past anything this shard has written: send back the "
                    + "token a write returned, or none");
        }
        return minLogPosition;
    }

    @Override
    public OrderPage<OrderSummary> byStatus(OrderStatus status, int page, int size) {
        // Each shard's first (page + 1) * size rows in the global order hold every row of the merged page;
        // one more tells whether there is a next page.
        int perShard = (page + 1) * size + 1;
        Map<String, CompletableFuture<List<OrderSummary>>> parts = new LinkedHashMap<>();
        for (ShardCluster cluster : clusters.all()) {
            parts.put(cluster.name(), CompletableFuture.supplyAsync(() -> cluster.reads().read(0, db -> db.sql(
                            "select " + SUMMARY_COLUMNS + """
                                     from orders o where o.status = ?
                                    order by o.created_at desc, o.id desc limit ?""")
                    .param(status.name()).param(perShard)
                    .query(JdbcOrders::summary).list()), scatter));
        }
        List<OrderSummary> merged = new ArrayList<>();
        long deadline = System.nanoTime() + scatterTimeout.toNanos();
        for (Map.Entry<String, CompletableFuture<List<OrderSummary>>> part : parts.entrySet()) {
            merged.addAll(await(part.getKey(), part.getValue(), deadline));
        }
        merged.sort(OrderSummary.NEWEST_FIRST);
        int from = Math.min(merged.size(), page * size);
        int to = Math.min(merged.size(), from + size);
        return new OrderPage<>(merged.subList(from, to), page, size, merged.size() > to);
    }

    private List<OrderSummary> await(String cluster, CompletableFuture<List<OrderSummary>> part, long deadline) {
        try {
            return part.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            part.cancel(true);
            throw new ShardUnavailable(cluster, e instanceof ExecutionException ? e.getCause() : e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShardUnavailable(cluster, e);
        }
    }

    /** Every instance runs it; two deleting the same expired rows at once is harmless. */
    @Scheduled(fixedDelayString = "${orders.placement.key-cleanup-interval:1m}")
    void deleteExpiredKeys() {
        deleteExpiredKeys(keyCleanupBatch);
    }

    @Override
    public int deleteExpiredKeys(int limitPerShard) {
        int deleted = 0;
        for (ShardCluster cluster : clusters.all()) {
            deleted += cluster.primaryJdbc().sql("""
                            delete from idempotency_key where ctid in (
                                select ctid from idempotency_key where expires_at <= clock_timestamp() limit ?)""")
                    .param(limitPerShard).update();
        }
        return deleted;
    }

    private Optional<Order> load(JdbcClient db, OrderId id) {
        return db.sql("select " + SUMMARY_COLUMNS + " from orders o where o.id = ?")
                .param(id.value())
                .query(JdbcOrders::summary).optional()
                .map(row -> new Order(row.id(), row.customerId(), row.status(),
                        lines(db, List.of(id.value())).getOrDefault(id.value(), List.of()), row.totalMinor(),
                        row.currency(), row.createdAt(), row.updatedAt()));
    }

    private static Map<Long, List<OrderLine>> lines(JdbcClient db, Collection<Long> orderIds) {
        Map<Long, List<OrderLine>> lines = new LinkedHashMap<>();
        if (orderIds.isEmpty()) {
            return lines;
        }
        db.sql("""
                        select order_id, product_id, sku, name, unit_price_minor, quantity from order_line
                        where order_id = any(?) order by order_id, line_no""")
                .param(orderIds.toArray(Long[]::new))
                .query(rs -> {
                    lines.computeIfAbsent(rs.getLong("order_id"), id -> new ArrayList<>()).add(new OrderLine(
                            rs.getLong("product_id"), rs.getString("sku"), rs.getString("name"),
                            rs.getLong("unit_price_minor"), rs.getInt("quantity")));
                });
        return lines;
    }

    private static OrderSummary summary(ResultSet rs, int row) throws SQLException {
        return new OrderSummary(new OrderId(rs.getLong("id")), rs.getString("customer_id"),
                OrderStatus.valueOf(rs.getString("status")), rs.getLong("total_minor"), rs.getString("currency"),
                rs.getInt("item_count"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    @Override
    public void close() {
        scatter.shutdownNow();
    }

    private record KeyRow(long orderId, String fingerprint) {
    }

    private record KeyedOrder(Order order, String fingerprint) {
    }

    private record IdSource(long sequence, Instant now) {
    }
}
