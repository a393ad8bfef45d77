package dev.patternshop.events;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * A message's envelope (see {@link MessageHeaders}): who it is, what it is, which checkout it belongs to, what
 * caused it, when, and which trace it continues. Plain data; the outbox writes it as headers, the inbox reads it.
 *
 * @param causationId null on a message nothing caused (an order placed by a customer)
 * @param traceparent null when the producer had no trace; the outbox fills it from the current span
 */
public record Envelope(
        UUID messageId, String type, String correlationId, UUID causationId, Instant occurredAt, String traceparent) {

    public Envelope {
        if (messageId == null) {
            throw new MalformedEnvelope("the message id is missing");
        }
        if (type == null || type.isBlank()) {
            throw new MalformedEnvelope("the message type is missing");
        }
        if (correlationId == null || correlationId.isBlank()) {
            throw new MalformedEnvelope("the correlation id is missing");
        }
        if (occurredAt == null) {
            throw new MalformedEnvelope("the occurred-at time is missing");
        }
    }

    /** A first message: a new id, caused by nothing. */
    public static Envelope first(String type, String correlationId, Instant occurredAt) {
        return new Envelope(UUID.randomUUID(), type, correlationId, null, occurredAt, null);
    }

    /** A message produced while handling this one: a new id, the same correlation, caused by this message. */
    public Envelope next(String nextType, Instant nextOccurredAt) {
        return new Envelope(UUID.randomUUID(), nextType, correlationId, messageId, nextOccurredAt, null);
    }

    public Envelope withTraceparent(String value) {
        return new Envelope(messageId, type, correlationId, causationId, occurredAt, value);
    }

    /** The headers to publish, in a stable order; absent optional values are left out. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(MessageHeaders.MESSAGE_ID, messageId.toString());
        headers.put(MessageHeaders.MESSAGE_TYPE, type);
        headers.put(MessageHeaders.CORRELATION_ID, correlationId);
        if (causationId != null) {
            headers.put(MessageHeaders.CAUSATION_ID, causationId.toString());
        }
        headers.put(MessageHeaders.OCCURRED_AT, occurredAt.toString());
        if (traceparent != null) {
            headers.put(MessageHeaders.TRACEPARENT, traceparent);
        }
        return headers;
    }

    /**
     * Reads an envelope from headers ({@code header} answers null for an absent one).
     *
     * @throws MalformedEnvelope when a required header is missing or unreadable: such a message can never be
     *     handled, retrying does not help (a consumer sends it to the dead-letter topic at once)
     */
    public static Envelope fromHeaders(Function<String, String> header) {
        return new Envelope(
                uuid(header, MessageHeaders.MESSAGE_ID),
                header.apply(MessageHeaders.MESSAGE_TYPE),
                header.apply(MessageHeaders.CORRELATION_ID),
                uuid(header, MessageHeaders.CAUSATION_ID),
                instant(header.apply(MessageHeaders.OCCURRED_AT)),
                header.apply(MessageHeaders.TRACEPARENT));
    }

    private static UUID uuid(Function<String, String> header, String name) {
        String value = header.apply(name);
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new MalformedEnvelope(name + " is not a UUID");
        }
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedEnvelope(MessageHeaders.OCCURRED_AT + " is not an ISO-8601 instant");
        }
    }

    /** A message whose envelope cannot be read. */
    public static final class MalformedEnvelope extends IllegalArgumentException {
        public MalformedEnvelope(String message) {
            super(message);
        }
    }
}
