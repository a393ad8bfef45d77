package dev.patternshop.events;

/**
 * Kafka record headers every Patternshop event carries. The record key is the aggregate id (per-aggregate
 * order); the value is the event as JSON; consumers deduplicate on {@link #EVENT_ID}.
 */
public final class EventHeaders {

    /** A UUID, unique per event: the same event sent twice carries the same id. */
    public static final String EVENT_ID = "event-id";
    /** The event's name and contract version, e.g. {@code OrderPlaced.v1}. */
    public static final String EVENT_TYPE = "event-type";

    private EventHeaders() {}
}
