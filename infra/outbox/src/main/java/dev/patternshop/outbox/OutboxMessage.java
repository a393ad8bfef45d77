package dev.patternshop.outbox;

import java.time.Instant;
import java.util.UUID;

/** One event waiting in (or sent from) the outbox table. */
public record OutboxMessage(
        long id, String topic, String aggregateId, String eventType, UUID eventId, String payload, Instant createdAt) {}
