package dev.patternshop.events;

/**
 * Topic names ({@code <owner>.<kind>.v<N>}). The version is part of the name: an incompatible change of a
 * contract gets a new topic (and a new package), so old and new consumers can run side by side during a
 * migration. Every topic has several partitions, keyed by the order id, so one order's messages stay in order.
 */
public final class Topics {

    public static final String ORDER_EVENTS = "order.events.v1";
    public static final String INVENTORY_COMMANDS = "inventory.commands.v1";
    public static final String INVENTORY_EVENTS = "inventory.events.v1";
    public static final String PAYMENT_COMMANDS = "payment.commands.v1";
    public static final String PAYMENT_EVENTS = "payment.events.v1";

    private static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {}

    /** Where a topic's messages go that could not be handled: {@code <topic>.dlt}. */
    public static String deadLetter(String topic) {
        return topic + DEAD_LETTER_SUFFIX;
    }
}
