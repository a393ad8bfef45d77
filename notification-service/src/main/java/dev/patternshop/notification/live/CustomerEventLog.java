package dev.patternshop.notification.live;

import dev.patternshop.notification.notice.NoticeSink;
import dev.patternshop.notification.notice.OrderNotice;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Every order notice, kept per customer in {@code customer_event} for the live streams: written in the inbox's
 * transaction (the event is logged exactly when it is marked handled), handed to the customer's open streams only
 * after that transaction commits (a stream never shows an event that then rolls back), and read back by a stream
 * that resumes from a Last-Event-ID.
 *
 * <p>Each customer's events are numbered 1, 2, 3, ... and the next number is taken by updating the customer's row in
 * {@code customer_stream}, which keeps the row locked until the commit: one customer's events commit in the order of
 * their numbers, even when two consumer threads handle two of its orders at once. A stream that has written number n
 * can therefore read "after n" from here and never skip one that commits later.
 */
@Component
class CustomerEventLog implements NoticeSink {

    private final JdbcClient database;
    private final LiveStreams streams;

    CustomerEventLog(JdbcClient database, LiveStreams streams) {
        this.database = database;
        this.streams = streams;
    }

    @Override
    public void accept(OrderNotice notice) {
        // The inbox already handles a message once; this keeps the log right on its own (a replayed dead letter).
        boolean logged = database.sql("select exists (select 1 from customer_event where event_id = :eventId)")
                .param("eventId", notice.eventId())
                .query(Boolean.class)
                .single();
        if (logged) {
            return;
        }
        long seq = database.sql("""
                        insert into customer_stream (customer_id, last_seq) values (:customerId, 1)
                        on conflict (customer_id) do update set last_seq = customer_stream.last_seq + 1
                        returning last_seq""")
                .param("customerId", notice.customerId())
                .query(Long.class)
                .single();
        int inserted = database.sql("""
                        insert into customer_event
                            (customer_id, seq, event_id, order_id, type, status, reason, occurred_at)
                        values (:customerId, :seq, :eventId, :orderId, :type, :status, :reason, :occurredAt)
                        on conflict (event_id) do nothing""")
                .param("customerId", notice.customerId())
                .param("seq", seq)
                .param("eventId", notice.eventId())
                .param("orderId", notice.orderId())
                .param("type", notice.type())
                .param("status", notice.status())
                .param("reason", notice.reason())
                .param("occurredAt", Timestamp.from(notice.occurredAt()))
                .update();
        if (inserted == 0) {
            return;
        }
        CustomerEvent event = new CustomerEvent(
                seq,
                notice.eventId(),
                notice.customerId(),
                notice.orderId(),
                notice.type(),
                notice.status(),
                notice.reason(),
                notice.occurredAt());
        afterCommit(() -> streams.publish(event));
    }

    /** The customer's events numbered above {@code afterSeq}, oldest first, at most {@code limit}. */
    List<CustomerEvent> after(String customerId, long afterSeq, int limit) {
        return database.sql("""
                        select seq, event_id, customer_id, order_id, type, status, reason, occurred_at
                        from customer_event
                        where customer_id = :customerId and seq > :afterSeq
                        order by seq
                        limit :limit""")
                .param("customerId", customerId)
                .param("afterSeq", afterSeq)
                .param("limit", limit)
                .query(CustomerEventLog::event)
                .list();
    }

    /** The number of the customer's latest event, 0 before its first. */
    long latest(String customerId) {
        return database.sql("select last_seq from customer_stream where customer_id = :customerId")
                .param("customerId", customerId)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /** Where a stream starts to show the events recorded since {@code since}: the number just before the first. */
    long before(String customerId, Instant since) {
        return database.sql("""
                        select seq - 1 from customer_event
                        where customer_id = :customerId and recorded_at >= :since
                        order by seq
                        limit 1""")
                .param("customerId", customerId)
                .param("since", Timestamp.from(since))
                .query(Long.class)
                .optional()
                .orElseGet(() -> latest(customerId));
    }

    int deleteRecordedBefore(Instant before) {
        return database.sql("delete from customer_event where recorded_at < :before")
                .param("before", Timestamp.from(before))
                .update();
    }

    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private static CustomerEvent event(ResultSet row, int rowNumber) throws SQLException {
        return new CustomerEvent(
                row.getLong("seq"),
                row.getObject("event_id", UUID.class),
                row.getString("customer_id"),
                row.getString("order_id"),
                row.getString("type"),
                row.getString("status"),
                row.getString("reason"),
                row.getTimestamp("occurred_at").toInstant());
    }
}
