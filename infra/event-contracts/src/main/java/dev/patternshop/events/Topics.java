package dev.patternshop.events;

/**
 * Topic names. The version is part of the name: an incompatible change of a contract gets a new topic
 * (and a new package), so old and new consumers can run side by side during a migration.
 */
public final class Topics {

    public static final String ORDER_EVENTS = "order.events.v1";

    private Topics() {}
}
