package dev.patternshop.inbox;

import dev.patternshop.events.Envelope;

/**
 * Applies one message. Called inside the consumer's database transaction, after the message was recorded in the
 * inbox: whatever the handler writes through a {@code JdbcClient} on the same {@code DataSource} (the business
 * change, replies appended with {@code Outbox.append}) commits together with the inbox row, or not at all.
 *
 * <p>Throw to refuse the message: a transient failure ({@link RetryableMessageException}, a transient database
 * error) is retried with backoff, anything else goes to the dead-letter topic at once. A rejection the business
 * expects (unknown product, stock too low) is not an exception: answer it with a rejection reply.
 *
 * @param <T> the contract record the message body is read into
 */
@FunctionalInterface
public interface MessageHandler<T> {

    void handle(T message, Envelope envelope);
}
