package dev.patternshop.inbox;

import dev.patternshop.events.Envelope;
import java.sql.SQLTransientException;
import java.util.List;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Which failures are worth another attempt. One rule, read along the cause chain: a failure that can never pass
 * (the envelope, the body, the type) is final wherever it appears; otherwise a transient one anywhere in the chain
 * makes it retryable; anything else (a bug, a broken invariant) is final, because trying the same message again
 * would fail the same way and only hold up the partition.
 */
final class FailureClassification {

    private static final List<Class<? extends Throwable>> NEVER =
            List.of(Envelope.MalformedEnvelope.class, UnreadableMessage.class, UnknownMessageType.class);
    private static final List<Class<? extends Throwable>> TRANSIENT = List.of(
            RetryableMessageException.class,
            TransientDataAccessException.class,
            QueryTimeoutException.class,
            CannotGetJdbcConnectionException.class,
            CannotCreateTransactionException.class,
            SQLTransientException.class);

    private FailureClassification() {}

    static boolean retryable(Throwable failure) {
        boolean transientCause = false;
        for (Throwable cause = failure; cause != null; cause = next(cause)) {
            if (isAny(cause, NEVER)) {
                return false;
            }
            transientCause |= isAny(cause, TRANSIENT);
        }
        return transientCause;
    }

    /** The failure a person should read: what the handler (or the inbox) threw, without the container's wrapping. */
    static Throwable reason(Throwable failure) {
        Throwable reason = failure;
        while ((reason instanceof ListenerExecutionFailedException || reason instanceof Retry)
                && reason.getCause() != null) {
            reason = reason.getCause();
        }
        return reason;
    }

    private static boolean isAny(Throwable cause, List<Class<? extends Throwable>> types) {
        return types.stream().anyMatch(type -> type.isInstance(cause));
    }

    private static Throwable next(Throwable cause) {
        return cause.getCause() == cause ? null : cause.getCause();
    }

    /**
     * The listener rethrows a retryable failure wrapped in this, and the error handler is told that this type, and
     * only this type, is retryable: the rule above stays in one place.
     */
    static final class Retry extends RuntimeException {
        Retry(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }
}
