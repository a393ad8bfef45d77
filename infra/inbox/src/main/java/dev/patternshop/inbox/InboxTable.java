package dev.patternshop.inbox;

import dev.patternshop.events.Envelope;
import java.sql.Timestamp;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The SQL of the {@code inbox} table ({@code db/inbox/V0_3__inbox.sql}). */
final class InboxTable {

    private InboxTable() {}

    /**
     * Records the message in the caller's transaction. False when it is already there: a duplicate. A concurrent
     * twin (the same message id in another transaction not yet committed) makes this insert wait for that
     * transaction; it then finds the row, or, if that transaction rolled back, inserts it.
     */
    static boolean record(JdbcClient database, String consumer, Envelope envelope, ConsumerRecord<?, ?> record) {
        return database.sql("""
                                insert into inbox (consumer, message_id, message_type, correlation_id,
                                                   topic, partition, record_offset)
                                values (:consumer, :messageId, :type, :correlationId, :topic, :partition, :offset)
                                on conflict (consumer, message_id) do nothing""")
                        .param("consumer", consumer)
                        .param("messageId", envelope.messageId())
                        .param("type", envelope.type())
                        .param("correlationId", envelope.correlationId())
                        .param("topic", record.topic())
                        .param("partition", record.partition())
                        .param("offset", record.offset())
                        .update()
                == 1;
    }

    /** Deletes the consumer's rows received before {@code before}; returns how many. */
    static int deleteReceivedBefore(JdbcClient database, String consumer, Instant before) {
        return database.sql("delete from inbox where consumer = :consumer and received_at < :before")
                .param("consumer", consumer)
                .param("before", Timestamp.from(before))
                .update();
    }
}
