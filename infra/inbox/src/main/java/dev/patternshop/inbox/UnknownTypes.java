package dev.patternshop.inbox;

/** What a consumer does with a message whose type it has no handler for. */
public enum UnknownTypes {
    /**
     * Send it to the dead-letter topic: on a commands topic every command is meant for this consumer, so one it does
     * not know is a mistake to look at (the default).
     */
    DEAD_LETTER,
    /**
     * Acknowledge it and count it ({@code messaging.consumed}, outcome {@code ignored}): on an events topic many types
     * flow, and a consumer reacts to the few it cares about.
     */
    IGNORE
}
