package dev.patternshop.inventory;

import dev.patternshop.events.Envelope;
import dev.patternshop.events.inventory.v1.ReserveStock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the inventory ITs set up and read back: products of their own (ids above the seeded 10,000, so no test
 * resets stock that another test's reservation holds), order ids, command envelopes, and the outbox rows appended.
 */
public final class InventoryFixtures {

    private static final AtomicLong ORDERS = new AtomicLong();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient database;

    public InventoryFixtures(JdbcClient database) {
        this.database = database;
    }

    /** A product of this test's own with {@code available} units, none reserved. */
    public long newProduct(int available) {
        return database.sql("""
                        insert into stock (product_id, available, reserved)
                        select greatest(1000000, coalesce(max(product_id), 0)) + 1, ?, 0 from stock
                        returning product_id""").param(available).query(Long.class).single();
    }

    public static String newOrderId() {
        return "it-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-" + ORDERS.incrementAndGet();
    }

    public static Envelope command(String type, String orderId) {
        return Envelope.first(type, orderId, Instant.now());
    }

    public static ReserveStock reserve(String orderId, long productId, int quantity) {
        return new ReserveStock(orderId, List.of(new ReserveStock.Line(productId, quantity)));
    }

    public Map<String, Object> stock(long productId) {
        return database.sql("select available, reserved, version from stock where product_id = ?")
                .param(productId)
                .query()
                .singleRow();
    }

    public int available(long productId) {
        return ((Number) stock(productId).get("available")).intValue();
    }

    public int reserved(long productId) {
        return ((Number) stock(productId).get("reserved")).intValue();
    }

    public long version(long productId) {
        return ((Number) stock(productId).get("version")).longValue();
    }

    public String reservationStatus(String orderId) {
        return database.sql("select status from reservation where order_id = ?")
                .param(orderId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    public long lastOutboxId() {
        return database.sql("select coalesce(max(id), 0) from outbox")
                .query(Long.class)
                .single();
    }

    /** The outbox rows keyed by {@code key} (an order id, or a product id for StockChanged) after {@code afterId}. */
    public List<OutboxRow> outbox(long afterId, String key) {
        return database.sql("""
                        select topic, aggregate_id, event_type, payload::text as payload from outbox
                        where id > ? and aggregate_id = ? order by id""")
                .params(afterId, key)
                .query((row, n) -> new OutboxRow(
                        row.getString("topic"),
                        row.getString("aggregate_id"),
                        row.getString("event_type"),
                        JSON.readTree(row.getString("payload"))))
                .list();
    }

    public List<OutboxRow> outbox(long afterId, long productId) {
        return outbox(afterId, Long.toString(productId));
    }

    public record OutboxRow(String topic, String key, String type, JsonNode payload) {}
}
