package dev.patternshop.inbox;

import dev.patternshop.events.MessageHeaders;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * A message a consumer gave up on, as it lies on the dead-letter topic.
 *
 * @param topic          the dead-letter topic; with {@code partition} and {@code offset} its coordinates for a replay
 * @param messageType    null, like {@code messageId} and {@code correlationId}, when the envelope was unreadable
 * @param attempts       how often it was delivered before it was given up on
 * @param replayedFrom   set when this dead letter is itself a replay that failed again
 */
public record DeadLetter(
        String consumer,
        String topic,
        int partition,
        long offset,
        String key,
        String messageType,
        String messageId,
        String correlationId,
        String originalTopic,
        Integer originalPartition,
        Long originalOffset,
        String exception,
        String failure,
        Integer attempts,
        Instant deadLetteredAt,
        String replayedFrom) {

    static DeadLetter of(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        String at = DeadLetterHeaders.text(headers, DeadLetterHeaders.AT);
        return new DeadLetter(
                DeadLetterHeaders.text(headers, DeadLetterHeaders.CONSUMER),
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                DeadLetterHeaders.text(headers, MessageHeaders.MESSAGE_TYPE),
                DeadLetterHeaders.text(headers, MessageHeaders.MESSAGE_ID),
                DeadLetterHeaders.text(headers, MessageHeaders.CORRELATION_ID),
                DeadLetterHeaders.text(headers, DeadLetterHeaders.ORIGINAL_TOPIC),
                number(DeadLetterHeaders.text(headers, DeadLetterHeaders.ORIGINAL_PARTITION), Integer::valueOf),
                number(DeadLetterHeaders.text(headers, DeadLetterHeaders.ORIGINAL_OFFSET), Long::valueOf),
                DeadLetterHeaders.text(headers, DeadLetterHeaders.EXCEPTION),
                DeadLetterHeaders.text(headers, DeadLetterHeaders.FAILURE),
                number(DeadLetterHeaders.text(headers, DeadLetterHeaders.ATTEMPTS), Integer::valueOf),
                instant(at, record.timestamp()),
                DeadLetterHeaders.text(headers, DeadLetterHeaders.REPLAYED_FROM));
    }

    /** When our header says, else the record's own timestamp (the broker's or the producer's clock). */
    private static Instant instant(String text, long timestamp) {
        try {
            return text == null ? Instant.ofEpochMilli(timestamp) : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return Instant.ofEpochMilli(timestamp);
        }
    }

    private static <N> N number(String text, Function<String, N> parse) {
        try {
            return text == null ? null : parse.apply(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
