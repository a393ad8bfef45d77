package dev.patternshop.inbox;

/** No dead letter at these coordinates (or no consumer of that name): nothing to replay. */
public final class NoSuchDeadLetter extends RuntimeException {

    NoSuchDeadLetter(String message) {
        super(message);
    }
}
