package dev.patternshop.outbox;

import dev.patternshop.events.Envelope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Appends a message to the outbox table in the caller's transaction: the message exists exactly when the
 * business change it describes was committed. A rolled-back order leaves no message behind; a committed one
 * always has one, which the {@link OutboxRelay} will publish.
 *
 * <p>The append also notifies {@link #CHANNEL}: Postgres delivers the notification at commit (never for a
 * rolled-back transaction), and folds a transaction's identical notifications into one, so the relay's leader,
 * LISTENing, wakes once per commit instead of at its next poll.
 */
public final class Outbox {

    /**
     * The channel the writer notifies and the relay LISTENs on. One name for every service: a channel is scoped to
     * its database, and each relay publishes one database's outbox. A constant rather than a setting, because
     * {@link #append} is called with no settings at hand, and a writer and a relay that disagreed would only show
     * as the lag of the poll.
     */
    public static final String CHANNEL = "outbox";

    /** One statement, one round trip: the insert, and the notification Postgres sends at commit. */
    private static final String APPEND = """
            with appended as (
                insert into outbox (topic, aggregate_id, event_type, event_id, payload,
                                    correlation_id, causation_id, occurred_at, traceparent)
                values (:topic, :key, :type, :messageId, cast(:payload as jsonb),
                        :correlationId, :causationId, :occurredAt, :traceparent)
                returning id)
            select pg_notify('%s', '') from appended""".formatted(CHANNEL);

    private Outbox() {}

    /**
     * Appends a message with its whole envelope; the relay publishes it as headers ({@link Envelope#headers()}).
     * An envelope without a traceparent gets the current span's (W3C), so the trace goes on through the relay
     * and the broker to the consumers; with no valid current span it stays without one.
     *
     * @param database a JdbcClient on the same DataSource as the business write, inside its transaction
     * @param key      the Kafka key: the aggregate the message is about (the order id in a checkout); one key's
     *                 messages stay in order on one partition
     * @param payload  the contract as JSON
     */
    public static void append(JdbcClient database, String topic, String key, Envelope envelope, String payload) {
        String traceparent = envelope.traceparent() != null ? envelope.traceparent() : currentTraceparent();
        database.sql(APPEND)
                .param("topic", topic)
                .param("key", key)
                .param("type", envelope.type())
                .param("messageId", envelope.messageId())
                .param("payload", payload)
                .param("correlationId", envelope.correlationId())
                .param("causationId", envelope.causationId())
                .param("occurredAt", Timestamp.from(envelope.occurredAt()))
                .param("traceparent", traceparent)
                .query(row -> {});
    }

    /** The W3C traceparent of the current OpenTelemetry span, or null when there is no valid one. */
    static String currentTraceparent() {
        return traceparent(Span.current().getSpanContext());
    }

    static String traceparent(SpanContext context) {
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-"
                + context.getTraceFlags().asHex();
    }
}
