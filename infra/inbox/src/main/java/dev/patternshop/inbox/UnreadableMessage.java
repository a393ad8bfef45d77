package dev.patternshop.inbox;

/** The record's body is not the JSON of the contract its type names (or there is no body): never retried. */
public final class UnreadableMessage extends RuntimeException {

    UnreadableMessage(String message, Throwable cause) {
        super(message, cause);
    }
}
