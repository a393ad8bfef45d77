package dev.patternshop.payment.domain;

import java.time.Instant;
import java.util.Objects;

/** One event of a payment's stream: its place in the stream (1, 2, ...), when it happened, and what. */
public record RecordedEvent(PaymentId paymentId, int version, Instant occurredAt, PaymentEvent event) {

    public RecordedEvent {
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(event, "event");
        if (version < 1) {
            throw new IllegalArgumentException("a stream's versions start at 1");
        }
    }
}
