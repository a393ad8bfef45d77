package dev.patternshop.order.persistence;

import dev.patternshop.order.domain.InvalidOrder;
import dev.patternshop.order.domain.Order;
import dev.patternshop.order.domain.OrderId;
import dev.patternshop.order.domain.OrderLine;
import dev.patternshop.order.domain.OrderPage;
import dev.patternshop.order.domain.OrderStatus;
import dev.patternshop.order.domain.OrderSummary;
import dev.patternshop.order.sharding.CustomerShard;
import dev.patternshop.order.sharding.ShardCluster;
import dev.patternshop.order.sharding.ShardClusters;
import dev.patternshop.order.sharding.ShardUnavailable;
import dev.patternshop.replication.ConsistencyToken;
import dev.patternshop.replication.TokenAheadOfPrimary;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Orders in Postgres ({@code orders}, {@code order_line}) on the customer's shard cluster: writes on the cluster's
 * primary, in the caller's transaction; reads through the cluster's {@link dev.patternshop.replication.ReadRouting}.
 */
@Repository
class JdbcOrders implements Orders, AutoCloseable {

    private static final String SUMMARY_COLUMNS = """
            o.id, o.customer_id, o.status, o.total_minor, o.currency, o.created_at, o.updated_at, o.cancel_reason,
            (select count(*) from order_line l where l.order_id = o.id) as item_count""";

    /** First key of the per-customer placement lock (two-int advisory locks; the outbox relay uses 0x0b0c). */
    private static final int PLACEMENT_LOCK_CLASS = 0x0d0e;

    private final ShardClusters clusters;
    // Virtual threads: a scatter-gather waits on one connection per cluster at once, no CPU work.
    private final ExecutorService scatter = Executors.newVirtualThreadPerTaskExecutor();

    JdbcOrders(ShardClusters clusters) {
        this.clusters = clusters;
    }

    @Override
    public void lockPlacementsOf(CustomerShard shard) {
        // Held until commit or rollback: the pending count and the insert of one placement cannot interleave with
        // another's for the same customer.
        shard.cluster()
                .primaryJdbc()
                .sql("select pg_advisory_xact_lock(?, hashtext(?))")
                .param(PLACEMENT_LOCK_CLASS)
                .param(shard.customerId())
                .query((rs, n) -> n)
                .list();
    }

    @Override
    public int countUnfinished(CustomerShard shard, int upTo) {
        return shard.cluster()
                .primaryJdbc()
                .sql("""
                        select count(*) from (
                          select 1 from orders where customer_id = ? and status not in (?, ?) limit ?) p""")
                .param(shard.customerId())
                .param(OrderStatus.CONFIRMED.name())
                .param(OrderStatus.CANCELLED.name())
                .param(upTo)
                .query(Long.class)
                .single()
                .intValue();
    }

    @Override
    public NewOrderId nextId(CustomerShard shard) {
        // One clock per cluster (the database's): ids and timestamps agree whichever instance writes.
        return shard.cluster()
                .primaryJdbc()
                .sql("select nextval('order_id_seq') as sequence, clock_timestamp() as now")
                .query((rs, n) -> {
                    Instant now = instant(rs, "now");
                    return new NewOrderId(OrderId.compose(now, shard.logicalShard(), rs.getLong("sequence")), now);
                })
                .single();
    }

    @Override
    public void add(CustomerShard shard, Order order) {
        JdbcClient db = shard.cluster().primaryJdbc();
        db.sql("""
                        insert into orders (id, logical_shard, customer_id, status, total_minor, currency, created_at, updated_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .param(order.id().value())
                .param(order.id().logicalShard())
                .param(order.customerId())
                .param(order.status().name())
                .param(order.totalMinor())
                .param(order.currency())
                .param(OffsetDateTime.ofInstant(order.createdAt(), ZoneOffset.UTC))
                .param(OffsetDateTime.ofInstant(order.updatedAt(), ZoneOffset.UTC))
                .update();
        for (int i = 0; i < order.lines().size(); i++) {
            OrderLine line = order.lines().get(i);
            db.sql("""
                            insert into order_line (order_id, line_no, product_id, sku, name, unit_price_minor, quantity)
                            values (?, ?, ?, ?, ?, ?, ?)""")
                    .param(order.id().value())
                    .param(i + 1)
                    .param(line.productId())
                    .param(line.sku())
                    .param(line.name())
                    .param(line.unitPriceMinor())
                    .param(line.quantity())
                    .update();
        }
    }

    @Override
    public Optional<Order> onPrimary(CustomerShard shard, OrderId id) {
        return load(shard.cluster().primaryJdbc(), id);
    }

    @Override
    public Optional<Order> onPrimary(OrderId id) {
        return clusters.directory().holds(id) ? load(clusters.forOrder(id).primaryJdbc(), id) : Optional.empty();
    }

    @Override
    public void update(Order order) {
        int updated = clusters.forOrder(order.id())
                .primaryJdbc()
                .sql("update orders set status = ?, cancel_reason = ?, updated_at = ? where id = ?")
                .param(order.status().name())
                .param(order.cancelReason().orElse(null))
                .param(OffsetDateTime.ofInstant(order.updatedAt(), ZoneOffset.UTC))
                .param(order.id().value())
                .update();
        if (updated != 1) {
            throw new IllegalStateException("order " + order.id() + " is not stored");
        }
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
    public OrderPage<Order> ofCustomer(CustomerShard shard, int page, int size, long minLogPosition) {
        ShardCluster cluster = shard.cluster();
        return cluster.reads().read(admissible(cluster, minLogPosition), db -> {
            List<OrderSummary> rows = db.sql("select " + SUMMARY_COLUMNS + """
                             from orders o where o.customer_id = ?
                            order by o.created_at desc, o.id desc limit ? offset ?""")
                    .param(shard.customerId())
                    .param(size + 1)
                    .param((long) page * size)
                    .query(JdbcOrders::summary)
                    .list();
            List<OrderSummary> pageRows = rows.subList(0, Math.min(size, rows.size()));
            Map<Long, List<OrderLine>> lines =
                    lines(db, pageRows.stream().map(row -> row.id().value()).toList());
            List<Order> orders = pageRows.stream()
                    .map(row -> Order.restore(
                            row.id(),
                            row.customerId(),
                            row.status(),
                            lines.getOrDefault(row.id().value(), List.of()),
                            row.totalMinor(),
                            row.currency(),
                            row.createdAt(),
                            row.updatedAt(),
                            row.cancelReason()))
                    .toList();
            return new OrderPage<>(orders, page, size, rows.size() > size);
        });
    }

    /** The client's Consistency-Token as the cluster admits it; one past anything the shard wrote is a 400. */
    private static long admissible(ShardCluster cluster, long minLogPosition) {
        try {
            return cluster.admit(minLogPosition);
        } catch (TokenAheadOfPrimary e) {
            throw new InvalidOrder(
                    ConsistencyToken.HEADER,
                    "is past anything this shard has written: send back the " + "token a write returned, or none");
        }
    }

    @Override
    public OrderPage<OrderSummary> byStatus(OrderStatus status, int page, int size, Duration timeout) {
        // Each shard's first (page + 1) * size rows in the global order hold every row of the merged page;
        // one more tells whether there is a next page.
        int perShard = (page + 1) * size + 1;
        Map<String, CompletableFuture<List<OrderSummary>>> parts = new LinkedHashMap<>();
        for (ShardCluster cluster : clusters.all()) {
            parts.put(
                    cluster.name(),
                    CompletableFuture.supplyAsync(
                            () -> cluster.reads()
                                    .read(
                                            0,
                                            db -> db.sql("select " + SUMMARY_COLUMNS + """
                                     from orders o where o.status = ?
                                    order by o.created_at desc, o.id desc limit ?""")
                                                    .param(status.name())
                                                    .param(perShard)
                                                    .query(JdbcOrders::summary)
                                                    .list()),
                            scatter));
        }
        List<OrderSummary> merged = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
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

    private Optional<Order> load(JdbcClient db, OrderId id) {
        return db.sql("select " + SUMMARY_COLUMNS + " from orders o where o.id = ?")
                .param(id.value())
                .query(JdbcOrders::summary)
                .optional()
                .map(row -> Order.restore(
                        row.id(),
                        row.customerId(),
                        row.status(),
                        lines(db, List.of(id.value())).getOrDefault(id.value(), List.of()),
                        row.totalMinor(),
                        row.currency(),
                        row.createdAt(),
                        row.updatedAt(),
                        row.cancelReason()));
    }

    private static Map<Long, List<OrderLine>> lines(JdbcClient db, Collection<Long> orderIds) {
        Map<Long, List<OrderLine>> lines = new LinkedHashMap<>();
        if (orderIds.isEmpty()) {
            return lines;
        }
        db.sql("""
                        select order_id, product_id, sku, name, unit_price_minor, quantity from order_line
                        where order_id = any(?) order by order_id, line_no""").param(orderIds.toArray(Long[]::new)).query(rs -> {
            lines.computeIfAbsent(rs.getLong("order_id"), id -> new ArrayList<>())
                    .add(new OrderLine(
                            rs.getLong("product_id"),
                            rs.getString("sku"),
                            rs.getString("name"),
                            rs.getLong("unit_price_minor"),
                            rs.getInt("quantity")));
        });
        return lines;
    }

    private static OrderSummary summary(ResultSet rs, int row) throws SQLException {
        return new OrderSummary(
                new OrderId(rs.getLong("id")),
                rs.getString("customer_id"),
                OrderStatus.valueOf(rs.getString("status")),
                rs.getLong("total_minor"),
                rs.getString("currency"),
                rs.getInt("item_count"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                rs.getString("cancel_reason"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    @Override
    public void close() {
        scatter.shutdownNow();
    }
}
