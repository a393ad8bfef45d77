package dev.patternshop.inbox;

/** No handler is registered for the message's type, and the consumer dead-letters such messages: never retried. */
public final class UnknownMessageType extends RuntimeException {

    UnknownMessageType(String consumer, String type) {
        super("consumer " + consumer + " has no handler for message type " + type);
    }
}
