package dev.patternshop.inbox;

/**
 * Thrown by a handler for a failure that may pass if the same message is tried again later (a dependency that is
 * briefly unavailable): the consumer retries it with backoff, then dead-letters it after the last attempt.
 */
public class RetryableMessageException extends RuntimeException {

    public RetryableMessageException(String message) {
        super(message);
    }

    public RetryableMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
