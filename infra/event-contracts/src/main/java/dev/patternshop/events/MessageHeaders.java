package dev.patternshop.events;

/**
 * The envelope every Patternshop message carries in its Kafka record headers (values are UTF-8 text). The
 * record key is the aggregate the message is about (the order id for everything in one checkout), the value
 * the versioned contract as JSON. {@link Envelope} reads and writes these headers.
 */
public final class MessageHeaders {

    /** A UUID, unique per message: what inboxes deduplicate on. The same message sent twice has the same id. */
    public static final String MESSAGE_ID = "message-id";
    /** The contract's name and version, e.g. {@code ReserveStock.v1}. */
    public static final String MESSAGE_TYPE = "message-type";
    /** What the message belongs to: the order id for every message of one checkout. */
    public static final String CORRELATION_ID = "correlation-id";
    /** The message id of the message whose handling produced this one; absent on a first message. */
    public static final String CAUSATION_ID = "causation-id";
    /** When the fact happened or the command was issued, ISO-8601 UTC. */
    public static final String OCCURRED_AT = "occurred-at";
    /** The W3C trace context of the span that produced the message, so consumers continue the trace. */
    public static final String TRACEPARENT = "traceparent";

    private MessageHeaders() {}
}
