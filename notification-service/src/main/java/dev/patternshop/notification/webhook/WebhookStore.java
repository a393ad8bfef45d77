package dev.patternshop.notification.webhook;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Webhook subscriptions, deliveries and attempts in the notification database (plain SQL, JdbcClient). */
@Repository
class WebhookStore {

    private final JdbcClient jdbc;
    private final WebhookSecretCipher secrets;

    WebhookStore(JdbcClient jdbc, WebhookSecretCipher secrets) {
        this.jdbc = jdbc;
        this.secrets = secrets;
    }

    // --- subscriptions

    /** Serializes a customer's registrations (count, then insert) for the rest of the transaction. */
    void lockCustomer(String customerId) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended('webhook-subscriptions:' || :customer, 0))")
                .param("customer", customerId)
                .query()
                .singleRow();
    }

    int countActive(String customerId) {
        return jdbc.sql(
                        "select count(*) from webhook_subscription where customer_id = :customer and deleted_at is null")
                .param("customer", customerId)
                .query(Integer.class)
                .single();
    }

    void insert(Subscription subscription) {
        jdbc.sql("""
                insert into webhook_subscription (id, customer_id, url, event_types, secret, created_at)
                values (:id, :customer, :url, :events::text[], :secret, :createdAt)""")
                .param("id", subscription.id())
                .param("customer", subscription.customerId())
                .param("url", subscription.url())
                .param("events", textArray(subscription.events()))
                .param("secret", secrets.seal(subscription.id(), subscription.secret()))
                .param("createdAt", timestamp(subscription.createdAt()))
                .update();
    }

    List<Subscription> active(String customerId) {
        return jdbc.sql("""
                select * from webhook_subscription where customer_id = :customer and deleted_at is null
                order by created_at, id""")
                .param("customer", customerId)
                .query(WebhookStore::subscription)
                .list();
    }

    List<Subscription> allActive(int limit) {
        return jdbc.sql("""
                select * from webhook_subscription where deleted_at is null order by created_at desc, id limit :limit""")
                .param("limit", limit)
                .query(WebhookStore::subscription)
                .list();
    }

    Optional<Subscription> activeOf(String customerId, UUID id) {
        return jdbc.sql("""
                select * from webhook_subscription where id = :id and customer_id = :customer and deleted_at is null""")
                .param("id", id)
                .param("customer", customerId)
                .query(WebhookStore::subscription)
                .optional();
    }

    /** Deleted, and its pending deliveries dead: nothing more is sent to it. False if it was not the customer's. */
    boolean delete(String customerId, UUID id, Instant now) {
        int deleted = jdbc.sql("""
                update webhook_subscription set deleted_at = :now
                where id = :id and customer_id = :customer and deleted_at is null""")
                .param("now", timestamp(now))
                .param("id", id)
                .param("customer", customerId)
                .update();
        if (deleted == 0) {
            return false;
        }
        jdbc.sql("""
                update webhook_delivery set status = 'DEAD', last_error = 'subscription deleted'
                where subscription_id = :id and status = 'PENDING'""").param("id", id).update();
        return true;
    }

    /** The active subscriptions of a customer that asked for this notice type. */
    List<UUID> matching(String customerId, String type) {
        return jdbc.sql("""
                select id from webhook_subscription
                where customer_id = :customer and deleted_at is null and :type = any(event_types)""")
                .param("customer", customerId)
                .param("type", type)
                .query(UUID.class)
                .list();
    }

    // --- deliveries

    /** False when this subscription already has a delivery of this event (the event came twice). */
    boolean insertDelivery(UUID id, UUID subscriptionId, UUID eventId, String eventType, String payload, Instant now) {
        return jdbc.sql("""
                insert into webhook_delivery
                    (id, subscription_id, event_id, event_type, payload, status, attempts, next_attempt_at, created_at)
                values (:id, :subscription, :event, :type, :payload, 'PENDING', 0, :now, :now)
                on conflict (subscription_id, event_id) do nothing""")
                        .param("id", id)
                        .param("subscription", subscriptionId)
                        .param("event", eventId)
                        .param("type", eventType)
                        .param("payload", payload)
                        .param("now", timestamp(now))
                        .update()
                == 1;
    }

    /**
     * Takes up to {@code limit} due deliveries and hides them from other workers until {@code leaseUntil}: skip
     * locked, so two instances split the work instead of waiting for each other.
     */
    List<DueDelivery> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                with due as (
                    select d.id from webhook_delivery d
                    where d.status = 'PENDING' and d.next_attempt_at <= :now
                    order by d.next_attempt_at
                    limit :limit
                    for update skip locked)
                update webhook_delivery d set next_attempt_at = :leaseUntil
                from due, webhook_subscription s
                where d.id = due.id and s.id = d.subscription_id
                returning d.id, d.subscription_id, d.event_type, d.payload, d.attempts, s.url, s.secret""")
                .param("now", timestamp(now))
                .param("leaseUntil", timestamp(leaseUntil))
                .param("limit", limit)
                .query((rs, row) -> new DueDelivery(
                        rs.getObject("id", UUID.class),
                        rs.getObject("subscription_id", UUID.class),
                        rs.getString("event_type"),
                        rs.getString("payload"),
                        rs.getInt("attempts"),
                        rs.getString("url"),
                        rs.getString("secret")))
                .list();
    }

    /** Locks a pending delivery for recording an outcome; empty if it is no longer pending (deleted meanwhile). */
    Optional<Integer> lockPending(UUID id) {
        return jdbc.sql("select attempts from webhook_delivery where id = :id and status = 'PENDING' for update")
                .param("id", id)
                .query(Integer.class)
                .optional();
    }

    void logAttempt(UUID deliveryId, AttemptOutcome outcome, Instant at) {
        jdbc.sql("""
                insert into webhook_attempt (delivery_id, attempt, status_code, latency_ms, error, at)
                select :id, coalesce(max(attempt), 0) + 1, :status, :latency, :error, :at
                from webhook_attempt where delivery_id = :id""")
                .param("id", deliveryId)
                .param("status", outcome.statusCode())
                .param("latency", outcome.latencyMillis())
                .param("error", outcome.error())
                .param("at", timestamp(at))
                .update();
    }

    void markDelivered(UUID id, int attempts, Instant at) {
        jdbc.sql("""
                update webhook_delivery set status = 'DELIVERED', attempts = :attempts, delivered_at = :at,
                    last_error = null
                where id = :id""")
                .param("id", id)
                .param("attempts", attempts)
                .param("at", timestamp(at))
                .update();
    }

    void reschedule(UUID id, int attempts, Instant next, String error) {
        jdbc.sql("""
                update webhook_delivery set attempts = :attempts, next_attempt_at = :next, last_error = :error
                where id = :id""")
                .param("id", id)
                .param("attempts", attempts)
                .param("next", timestamp(next))
                .param("error", error)
                .update();
    }

    void markDead(UUID id, int attempts, String error) {
        jdbc.sql(
                        "update webhook_delivery set status = 'DEAD', attempts = :attempts, last_error = :error where id = :id")
                .param("id", id)
                .param("attempts", attempts)
                .param("error", error)
                .update();
    }

    /**
     * A DEAD delivery of a subscription still active becomes PENDING now, with a new round of attempts. Answers
     * false when there is no such delivery in that state.
     */
    boolean replay(UUID id, Instant now) {
        return jdbc.sql("""
                update webhook_delivery d set status = 'PENDING', attempts = 0, next_attempt_at = :now
                from webhook_subscription s
                where d.id = :id and d.status = 'DEAD' and s.id = d.subscription_id and s.deleted_at is null""").param("id", id).param("now", timestamp(now)).update() == 1;
    }

    Optional<Delivery.Status> statusOf(UUID id) {
        return jdbc.sql("select status from webhook_delivery where id = :id")
                .param("id", id)
                .query((rs, row) -> Delivery.Status.valueOf(rs.getString(1)))
                .optional();
    }

    List<Delivery> deliveriesOf(UUID subscriptionId, int limit) {
        return withAttempts(jdbc.sql("""
                        select * from webhook_delivery where subscription_id = :subscription
                        order by created_at desc, id limit :limit""")
                .param("subscription", subscriptionId)
                .param("limit", limit)
                .query(WebhookStore::delivery)
                .list());
    }

    List<Delivery> deliveriesIn(Delivery.Status status, int limit) {
        return withAttempts(jdbc.sql("""
                        select * from webhook_delivery where status = :status
                        order by created_at desc, id limit :limit""")
                .param("status", status.name())
                .param("limit", limit)
                .query(WebhookStore::delivery)
                .list());
    }

    private List<Delivery> withAttempts(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Map<UUID, List<Delivery.Attempt>> attempts = jdbc
                .sql("""
                        select * from webhook_attempt where delivery_id in (:ids) order by delivery_id, attempt""")
                .param("ids", deliveries.stream().map(Delivery::id).toList())
                .query((rs, row) -> Map.entry(
                        rs.getObject("delivery_id", UUID.class),
                        new Delivery.Attempt(
                                rs.getInt("attempt"),
                                rs.getObject("status_code", Integer.class),
                                rs.getLong("latency_ms"),
                                rs.getString("error"),
                                instant(rs, "at"))))
                .list()
                .stream()
                .collect(Collectors.groupingBy(
                        Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return deliveries.stream()
                .map(d -> new Delivery(
                        d.id(),
                        d.subscriptionId(),
                        d.eventId(),
                        d.eventType(),
                        d.status(),
                        d.attempts(),
                        d.nextAttemptAt(),
                        d.lastError(),
                        d.createdAt(),
                        d.deliveredAt(),
                        attempts.getOrDefault(d.id(), List.of())))
                .toList();
    }

    private static Subscription subscription(ResultSet rs, int row) throws SQLException {
        Array events = rs.getArray("event_types");
        return new Subscription(
                rs.getObject("id", UUID.class),
                rs.getString("customer_id"),
                rs.getString("url"),
                Arrays.asList((String[]) events.getArray()),
                null,
                instant(rs, "created_at"));
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        Delivery.Status status = Delivery.Status.valueOf(rs.getString("status"));
        return new Delivery(
                rs.getObject("id", UUID.class),
                rs.getObject("subscription_id", UUID.class),
                rs.getObject("event_id", UUID.class),
                rs.getString("event_type"),
                status,
                rs.getInt("attempts"),
                // The column keeps the last schedule (the worker's lease) after the delivery ended; it means nothing
                // then.
                status == Delivery.Status.PENDING ? instant(rs, "next_attempt_at") : null,
                rs.getString("last_error"),
                instant(rs, "created_at"),
                instant(rs, "delivered_at"),
                List.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A text[] parameter, written as a Postgres array literal (JdbcClient has no connection to create one). */
    private static String textArray(List<String> values) {
        return values.stream()
                .map(value -> "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
