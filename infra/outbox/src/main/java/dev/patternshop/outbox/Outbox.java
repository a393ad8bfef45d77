package dev.patternshop.outbox;

import dev.patternshop.events.Envelope;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Appends an event to the outbox table in the caller's transaction: the event exists exactly when the
 * business change it describes was committed. A rolled-back order leaves no event behind; a committed one
 * always has one, which the {@link OutboxRelay} will publish.
 */
public final class Outbox {

    private Outbox() {}

    /**
     * Appends a message with its envelope (published as headers, see {@link Envelope#headers()}).
     *
     * @param database a JdbcClient on the same DataSource as the business write, inside its transaction
     * @param key      the Kafka key: the aggregate the message is about (the order id in a checkout)
     * @param payload  the contract as JSON
     */
    public static void append(JdbcClient database, String topic, String key, Envelope envelope, String payload) {
        append(database, topic, key, envelope.type(), envelope.messageId(), payload);
    }

    /**
     * @param database    a JdbcClient on the same DataSource as the business write, inside its transaction
     * @param aggregateId becomes the Kafka key: events of one aggregate stay in order on one partition
     * @param payload     the event as JSON
     */
    public static void append(
            JdbcClient database, String topic, String aggregateId, String eventType, UUID eventId, String payload) {
        database.sql("""
                        insert into outbox (topic, aggregate_id, event_type, event_id, payload)
                        values (:topic, :aggregateId, :eventType, :eventId, cast(:payload as jsonb))""")
                .param("topic", topic)
                .param("aggregateId", aggregateId)
                .param("eventType", eventType)
                .param("eventId", eventId)
                .param("payload", payload)
                .update();
    }
}
