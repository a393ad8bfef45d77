package dev.patternshop.outbox;

import dev.patternshop.events.Envelope;
import java.time.Instant;

/**
 * One message waiting in the outbox table.
 *
 * @param key      the Kafka key (the aggregate id)
 * @param attempts how often the broker refused it so far
 */
public record OutboxMessage(
        long id, String topic, String key, Envelope envelope, String payload, Instant createdAt, int attempts) {}
