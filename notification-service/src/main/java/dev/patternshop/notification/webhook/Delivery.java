package dev.patternshop.notification.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One notice for one subscription, with every attempt to send it (the delivery log).
 *
 * @param attempts attempts in the current round; {@code log} keeps those of earlier rounds too
 * @param nextAttemptAt when a PENDING delivery is tried next; null once it is DELIVERED or DEAD
 */
public record Delivery(
        UUID id,
        UUID subscriptionId,
        UUID eventId,
        String eventType,
        Status status,
        int attempts,
        Instant nextAttemptAt,
        String lastError,
        Instant createdAt,
        Instant deliveredAt,
        List<Attempt> log) {

    public Delivery {
        log = List.copyOf(log);
    }

    public enum Status {
        /** Waiting for its next attempt (or being sent right now). */
        PENDING,
        /** A 2xx came back. */
        DELIVERED,
        /** Every attempt of a round failed; an admin may replay it. */
        DEAD
    }

    /**
     * One try to send it.
     *
     * @param statusCode the receiver's HTTP status, null when no answer came (refused URL, open breaker, timeout)
     */
    public record Attempt(int attempt, Integer statusCode, long latencyMs, String error, Instant at) {}
}
